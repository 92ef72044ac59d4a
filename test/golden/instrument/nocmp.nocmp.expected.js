const __bf_h=globalThis.__bunfuzz_module("nocmp.nocmp.js",2,0,[],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w;const a = x === 1 ? (__bf_c[0]=1,s.startsWith("p")) : (__bf_c[1]=1,y < 2);
