import{c as __bf_c,w as __bf_w}from"bunfuzz-counters:6:count-mode.count.js";var __bf_h;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("count-mode.count.js",6,0,[],[],0);return __bf_h.c}__bf_i();function f(a) {__bf_c[0]++; return a ? (__bf_c[1]++,g()) : (__bf_c[2]++,h() && (__bf_c[3]++,k())); }
export function top() {__bf_c[4]++; while (x) {__bf_c[5]++;__bf_w[0]++;y();} }
