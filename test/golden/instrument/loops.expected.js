function __bf_c(){}var __bf_h;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("loops.js",8,0,[]);return __bf_c=__bf_h.c}__bf_i();for (let i = 0; i < n; i++) {__bf_c[0]=1;sum += i;}
for (const k in o) {__bf_c[1]=1; use(k); }
for (const v of list) {__bf_c[2]=1;use(v);}
outer: while (a) {__bf_c[3]=1;
  do {__bf_c[4]=1;b();} while (c)
  for (;;) {__bf_c[5]=1;continue outer;}
}
async function drain() {__bf_c[6]=1; for await (const x of stream) {__bf_c[7]=1;use(x);} }
