var __bf_c,__bf_h,__bf_eq,__bf_eqs,__bf_gt,__bf_io1,__bf_nes,__bf_seq,__bf_seqs,__bf_sne,__bf_snes;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("compares.js",2,11,[]);__bf_eq=__bf_h.eq;__bf_eqs=__bf_h.eqs;__bf_gt=__bf_h.gt;__bf_io1=__bf_h.io1;__bf_nes=__bf_h.nes;__bf_seq=__bf_h.seq;__bf_seqs=__bf_h.seqs;__bf_sne=__bf_h.sne;__bf_snes=__bf_h.snes;return __bf_c=__bf_h.c}__bf_i();const eqs = [__bf_seqs(a , b,0), __bf_sne(a , "xy",1), __bf_eq(a , 1000,2), __bf_nes(a , b,3), a < b, __bf_gt(a , 2.5,4), a <= b, a >= b];
const bytes = [c === "x", c !== 0x23, c < 255, c >= -1];
const skipped = [1 === 1, "a" < "b", a === null, a !== undefined, typeof a === "string", a == true, !a === b, void 0 === a];
if (__bf_seq(s.charCodeAt(i)
    ,
    0x4142,5)) {__bf_c[0]=1;found();}else{__bf_c[1]=1;}
const chained = a < b === c > d;
const computed = [i === n - 1, s.length !== t, __bf_io1(a,b,6) == c, k != ++j, __bf_seqs(x , y,7), __bf_snes(x , y.z,8), __bf_eqs(x , f(),9), __bf_nes(x , y,10)];
