function declared(a) { return a; }
const expr = function named() { "use strict"; return 1; };
const arrowBlock = (x) => { return x * 2; };
const arrowExpr = (x) => x + 1;
const arrowObject = () => ({ a: 1 });
const nested = (a) => (b) => a + b;
async function* gen() { yield 1; }
const obj = {
  method() { return this; },
  get prop() { return 1; },
  set prop(v) {},
  arrow: async () => await 0,
};
class Base {
  constructor() { this.x = 1; }
  static create() { return new Base(); }
  field = () => 2;
  #priv() {}
}
class Derived extends Base {
  constructor() { super(); }
}
