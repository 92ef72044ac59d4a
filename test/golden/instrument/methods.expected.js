var __bf_h,__bf_e,__bf_enm1,__bf_in1,__bf_inm,__bf_iom,__bf_stm1,__bf_x,__bf_v;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("methods.js",1,6,[]);__bf_e=__bf_h.e;__bf_enm1=__bf_h.enm1;__bf_in1=__bf_h.in1;__bf_inm=__bf_h.inm;__bf_iom=__bf_h.iom;__bf_stm1=__bf_h.stm1;__bf_x=__bf_h.x;return __bf_h.c}const __bf_c=__bf_i();const r = [
  ((__bf_v=s.startsWith("abc"))===false?__bf_e[0]===__bf_x[0]?false:__bf_stm1(s,"abc",0):__bf_v),
  ((__bf_v=s.endsWith(t))===false?__bf_e[1]===__bf_x[0]?false:__bf_enm1(s,t,1):__bf_v),
  ((__bf_v=s.includes("xy", 2,))===false?__bf_e[2]===__bf_x[0]?false:__bf_inm(s,"xy",2):__bf_v),
  s.indexOf("\n", p),
  ((__bf_v=list.indexOf(v))===-1?__bf_e[3]===__bf_x[0]?-1:__bf_iom(list,v,3):__bf_v),
  ((__bf_v=s
    .startsWith( /* pre */ p))===false?__bf_e[4]===__bf_x[0]?false:__bf_stm1(s,p,4):__bf_v),
  a?.b.includes(x),
  __bf_in1((a?.b),x,5),
  s["startsWith"](x),
  s.startsWith(...args),
  s.includes(),
  s.includes(a, b, c),
];
class K extends Array { f(x) {__bf_c[0]=1; return super.includes(x); } }
