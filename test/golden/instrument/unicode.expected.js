var __bf_h,__bf_e,__bf_fm,__bf_x;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("unicode.js",4,1,[]);__bf_e=__bf_h.e;__bf_fm=__bf_h.fm;__bf_x=__bf_h.x;return __bf_h.c}const __bf_c=__bf_i(),__bf_w=__bf_h.w;const s = "héllo😀"; const t = (s === "😀"||__bf_e[0]<__bf_x[0]&&__bf_fm(s,"😀",0)) ? (__bf_c[0]=1,1) : (__bf_c[1]=1,2);
const u = "\u2028"; if (u) {__bf_c[2]=1;f();}else{__bf_c[3]=1;}
