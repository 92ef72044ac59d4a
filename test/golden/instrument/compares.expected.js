var __bf_c,__bf_h,__bf_eqs,__bf_fm,__bf_fms,__bf_io1,__bf_seq,__bf_tm,__bf_tms;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("compares.js",2,11,[]);__bf_eqs=__bf_h.eqs;__bf_fm=__bf_h.fm;__bf_fms=__bf_h.fms;__bf_io1=__bf_h.io1;__bf_seq=__bf_h.seq;__bf_tm=__bf_h.tm;__bf_tms=__bf_h.tms;return __bf_c=__bf_h.c}__bf_i();const eqs = [(a === b||__bf_fms(a,b,0)), (a !== "xy"&&__bf_tm(a,"xy",1)), (a == 1000||__bf_fm(a,1000,2)), (a != b&&__bf_tms(a,b,3)), a < b, (a > 2.5||__bf_fm(a,2.5,4)), a <= b, a >= b];
const bytes = [c === "x", c !== 0x23, c < 255, c >= -1];
const skipped = [1 === 1, "a" < "b", a === null, a !== undefined, typeof a === "string", a == true, !a === b, void 0 === a];
if (__bf_seq(s.charCodeAt(i)
    ,
    0x4142,5)) {__bf_c[0]=1;found();}else{__bf_c[1]=1;}
const chained = a < b === c > d;
const computed = [i === n - 1, s.length !== t, __bf_io1(a,b,6) == c, k != ++j, (x === y||__bf_fms(x,y,7)), (x !== y.z&&__bf_tms(x,y.z,8)), __bf_eqs(x , f(),9), (x != y&&__bf_tms(x,y,10))];
