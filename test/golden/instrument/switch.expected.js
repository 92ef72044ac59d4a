const __bf_h=globalThis.__bunfuzz_module("switch.js",12,4,[[0,"alpha",1,"beta",2,300],[3,-1000]],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w,__bf_e=__bf_h.e,__bf_o=__bf_h.o,__bf_q=__bf_h.q,__bf_x=__bf_h.x;var __bf_s1;function f(x) {var __bf_s1;__bf_c[0]=1;
  switch (x) {
    case "alpha":__bf_c[1]=1;
    case "beta" /* fall */ :__bf_c[2]=1;
      return 1;
    case 300:__bf_c[3]=1; {
      break;
    }
    default:__bf_c[4]=1;__bf_e[0]<__bf_x[0]&&(__bf_e[0]=__bf_x[0],__bf_o[0]=x,__bf_q[++__bf_q[0]]=0);
      return 0;
  }
  switch ((__bf_s1=x.kind)) { default:__bf_c[7]=1;__bf_e[3]<__bf_x[0]&&(__bf_e[3]=__bf_x[0],__bf_o[3]=__bf_s1,__bf_q[++__bf_q[0]]=3);break;case -1000:__bf_c[5]=1; g(); case y:__bf_c[6]=1; h() }
  switch (c) { default:__bf_c[10]=1;break;case "\"":__bf_c[8]=1; case 0x23:__bf_c[9]=1; q(); }
  switch (x) {}
  switch ((x, x)) { default:__bf_c[11]=1; }
}
