var __bf_c,__bf_h,__bf_v,__bf_en1m,__bf_in1,__bf_in2m,__bf_io1m,__bf_st1m;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("methods.js",1,6,[]);__bf_en1m=__bf_h.en1m;__bf_in1=__bf_h.in1;__bf_in2m=__bf_h.in2m;__bf_io1m=__bf_h.io1m;__bf_st1m=__bf_h.st1m;return __bf_c=__bf_h.c}__bf_i();const r = [
  ((__bf_v=s.startsWith("abc"))!==false?__bf_v:__bf_st1m(s,"abc",0)),
  ((__bf_v=s.endsWith(t))!==false?__bf_v:__bf_en1m(s,t,1)),
  ((__bf_v=s.includes("xy", 2,))!==false?__bf_v:__bf_in2m(s,"xy",2,2)),
  s.indexOf("\n", p),
  ((__bf_v=list.indexOf(v))!==-1?__bf_v:__bf_io1m(list,v,3)),
  ((__bf_v=s
    .startsWith( /* pre */ p))!==false?__bf_v:__bf_st1m(s,p,4)),
  a?.b.includes(x),
  __bf_in1((a?.b),x,5),
  s["startsWith"](x),
  s.startsWith(...args),
  s.includes(),
  s.includes(a, b, c),
];
class K extends Array { f(x) {__bf_c[0]=1; return super.includes(x); } }
