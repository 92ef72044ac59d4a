const __bf_h=globalThis.__bunfuzz_module("functions.js",17,0,[],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w;function declared(a) {__bf_c[0]=1; return a; }
const expr = function named() { "use strict";__bf_c[1]=1; return 1; };
const arrowBlock = (x) => {__bf_c[2]=1; return x * 2; };
const arrowExpr = (x) => (__bf_c[3]=1,x + 1);
const arrowObject = () => (__bf_c[4]=1,({ a: 1 }));
const nested = (a) => (__bf_c[5]=1,(b) => (__bf_c[6]=1,a + b));
async function* gen() {__bf_c[7]=1; yield 1; }
const obj = {
  method() {__bf_c[8]=1; return this; },
  get prop() {__bf_c[9]=1; return 1; },
  set prop(v) {__bf_c[10]=1;},
  arrow: async () => (__bf_c[11]=1,await 0),
};
class Base {
  constructor() {__bf_c[12]=1; this.x = 1; }
  static create() {__bf_c[13]=1; return new Base(); }
  field = () => (__bf_c[14]=1,2);
  #priv() {__bf_c[15]=1;}
}
class Derived extends Base {
  constructor() {__bf_c[16]=1; super(); }
}
