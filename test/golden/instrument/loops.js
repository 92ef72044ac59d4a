for (let i = 0; i < n; i++) sum += i;
for (const k in o) { use(k); }
for (const v of list) use(v);
outer: while (a) {
  do b(); while (c)
  for (;;) continue outer;
}
async function drain() { for await (const x of stream) use(x); }
for (const c of s) { const k = c.charCodeAt(0); n += k; if (k > 64) up(); }
while (more()) { step(); if (done()) break; else skip(); }
