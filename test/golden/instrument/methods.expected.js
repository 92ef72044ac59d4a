const __bf_h=globalThis.__bunfuzz_module("methods.js",1,6,[],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w,__bf_e=__bf_h.e,__bf_enm1=__bf_h.enm1,__bf_inm=__bf_h.inm,__bf_iom=__bf_h.iom,__bf_stm1=__bf_h.stm1,__bf_x=__bf_h.x;var __bf_a1,__bf_b1,__bf_r1;const r = [
  ((__bf_r1=(__bf_a1=s).startsWith("abc"))===false?__bf_e[0]>=__bf_x[0]?false:__bf_stm1(__bf_a1,"abc",0):__bf_r1),
  ((__bf_r1=(__bf_a1=s).endsWith((__bf_b1=t)))===false?__bf_e[1]>=__bf_x[0]?false:__bf_enm1(__bf_a1,__bf_b1,1):__bf_r1),
  ((__bf_r1=(__bf_a1=s).includes("xy", 2,))===false?__bf_e[2]>=__bf_x[0]?false:__bf_inm(__bf_a1,"xy",2):__bf_r1),
  s.indexOf("\n", p),
  ((__bf_r1=(__bf_a1=list).indexOf((__bf_b1=v)))===-1?__bf_e[3]>=__bf_x[0]?-1:__bf_iom(__bf_a1,__bf_b1,3):__bf_r1),
  ((__bf_r1=(__bf_a1=s)
    .startsWith( /* pre */ (__bf_b1=p)))===false?__bf_e[4]>=__bf_x[0]?false:__bf_stm1(__bf_a1,__bf_b1,4):__bf_r1),
  a?.b.includes(x),
  ((__bf_r1=(__bf_a1=(a?.b)).includes((__bf_b1=x)))===false?__bf_e[5]>=__bf_x[0]?false:__bf_inm(__bf_a1,__bf_b1,5):__bf_r1),
  s["startsWith"](x),
  s.startsWith(...args),
  s.includes(),
  s.includes(a, b, c),
];
class K extends Array { f(x) {__bf_c[0]=1; return super.includes(x); } }
