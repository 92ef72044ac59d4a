const __bf_h=globalThis.__bunfuzz_module("ternary.js",12,0,[],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w;const a = x ? (__bf_c[0]=1,1) : (__bf_c[1]=1,2);
const b = x ? (__bf_c[2]=1,y ? (__bf_c[4]=1,1) : (__bf_c[5]=1,2)) : (__bf_c[3]=1,z
  ? (__bf_c[6]=1,3)
  : (__bf_c[7]=1,4));
call(x ? (__bf_c[8]=1,() => (__bf_c[10]=1,1)) : (__bf_c[9]=1,function () {__bf_c[11]=1; return 2; }));
