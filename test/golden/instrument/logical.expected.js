function __bf_c(){}var __bf_h;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("logical.js",14,0,[]);return __bf_c=__bf_h.c}__bf_i();const a = x && (__bf_c[0]=1,y);
const b = x || (__bf_c[2]=1,y) || (__bf_c[1]=1,z);
const c = x ?? (__bf_c[3]=1,y);
const d = (x && (__bf_c[5]=1,y)) ?? (__bf_c[4]=1,z);
o.p &&= (__bf_c[6]=1,1);
o.q ||= (__bf_c[7]=1,f());
o.r ??= (__bf_c[8]=1,g() && (__bf_c[9]=1,h()));
const space = c === 0x20 || (__bf_c[11]=1,c === 0x9) || (__bf_c[10]=1,(c = next()) === 0xa), digit = c >= 0x30 && (__bf_c[12]=1,c <= 0x39), mixed = c === 0x20 || (__bf_c[13]=1,d === 0x9);
