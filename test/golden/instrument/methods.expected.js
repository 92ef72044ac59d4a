var __bf_c,__bf_h,__bf_en1,__bf_in1,__bf_in2,__bf_io1,__bf_st1;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("methods.js",1,6,[]);__bf_en1=__bf_h.en1;__bf_in1=__bf_h.in1;__bf_in2=__bf_h.in2;__bf_io1=__bf_h.io1;__bf_st1=__bf_h.st1;return __bf_c=__bf_h.c}__bf_i();const r = [
  __bf_st1(s,"abc",0),
  __bf_en1(s,t,1),
  __bf_in2(s,"xy", 2,2),
  s.indexOf("\n", p),
  __bf_io1(list,v,3),
  __bf_st1(s
    , /* pre */ p,4),
  a?.b.includes(x),
  __bf_in1((a?.b),x,5),
  s["startsWith"](x),
  s.startsWith(...args),
  s.includes(),
  s.includes(a, b, c),
];
class K extends Array { f(x) {__bf_c[0]=1; return super.includes(x); } }
