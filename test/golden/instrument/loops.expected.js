const __bf_h=globalThis.__bunfuzz_module("loops.js",12,0,[],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w;for (let i = 0; i < n; i++) {__bf_c[0]=1;__bf_w[0]++;sum += i;}
for (const k in o) {__bf_c[1]=1;__bf_w[0]++; use(k); }
for (const v of list) {__bf_c[2]=1;__bf_w[0]++;use(v);}
outer: while (a) {__bf_c[3]=1;__bf_w[0]++;
  do {__bf_c[4]=1;__bf_w[0]++;b();} while (c)
  for (;;) {__bf_c[5]=1;__bf_w[0]++;continue outer;}
}
async function drain() {__bf_c[6]=1; for await (const x of stream) {__bf_c[7]=1;__bf_w[0]++;use(x);} }
for (const c of s) {__bf_w[0]++; const k = c.charCodeAt(0); n += k; if (k > 64) {__bf_c[8]=1;up();}else{__bf_c[9]=1;} }
while (more()) {__bf_w[0]++; step(); if (done()) {__bf_c[10]=1;break;} else {__bf_c[11]=1;skip();} }
