const __bf_h=globalThis.__bunfuzz_module("unicode.js",4,1,[],[0,"😀"],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w,__bf_e=__bf_h.e,__bf_o=__bf_h.o,__bf_q=__bf_h.q,__bf_x=__bf_h.x;const s = "héllo😀"; const t = (s === "😀"||__bf_e[0]<__bf_x[0]&&(__bf_e[0]=__bf_x[0],__bf_o[0]=s,__bf_q[++__bf_q[0]]=0,false)) ? (__bf_c[0]=1,1) : (__bf_c[1]=1,2);
const u = "\u2028"; if (u) {__bf_c[2]=1;f();}else{__bf_c[3]=1;}
