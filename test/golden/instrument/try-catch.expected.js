const __bf_h=globalThis.__bunfuzz_module("try-catch.js",2,0,[],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w;try { a(); } catch (e) {__bf_c[0]=1; b(e); }
try { a(); } catch {__bf_c[1]=1; b(); } finally { c(); }
try { a(); } finally { c(); }
