var __bf_h,__bf_e,__bf_fm,__bf_fms,__bf_io1,__bf_iom,__bf_tm,__bf_tms,__bf_x,__bf_v;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("compares.js",4,14,[]);__bf_e=__bf_h.e;__bf_fm=__bf_h.fm;__bf_fms=__bf_h.fms;__bf_io1=__bf_h.io1;__bf_iom=__bf_h.iom;__bf_tm=__bf_h.tm;__bf_tms=__bf_h.tms;__bf_x=__bf_h.x;return __bf_h.c}const __bf_c=__bf_i();const eqs = [(a === b||typeof a==="string"&&typeof b==="string"&&(a.length>1||b.length>1)&&__bf_e[0]!==__bf_x[0]&&__bf_fms(a,b,0)), (a !== "xy"&&(__bf_e[1]===__bf_x[0]||__bf_tm(a,"xy",1))), (a == 1000||__bf_e[2]!==__bf_x[0]&&__bf_fm(a,1000,2)), (a != b&&(typeof a!=="string"||typeof b!=="string"||a.length<2&&b.length<2||__bf_e[3]===__bf_x[0]||__bf_tms(a,b,3))), a < b, (a > 2.5||__bf_e[4]!==__bf_x[0]&&__bf_fm(a,2.5,4)), a <= b, a >= b];
const bytes = [c === "x", c !== 0x23, c < 255, c >= -1];
const skipped = [1 === 1, "a" < "b", a === null, a !== undefined, typeof a === "string", a == true, !a === b, void 0 === a];
if (((__bf_v=s.charCodeAt(i))
    ===
    0x4142||__bf_e[5]!==__bf_x[0]&&__bf_fm(__bf_v,0x4142,5))) {__bf_c[0]=1;found();}else{__bf_c[1]=1;}
const chained = a < b === c > d;
const computed = [i === n - 1, s.length !== t, ((__bf_v=a.indexOf(b))===-1?__bf_e[6]===__bf_x[0]?-1:__bf_iom(a,b,6):__bf_v) == c, k != ++j, (x === y||typeof x==="string"&&typeof y==="string"&&(x.length>1||y.length>1)&&__bf_e[7]!==__bf_x[0]&&__bf_fms(x,y,7)), (x !== y.z&&(typeof x!=="string"||typeof y.z!=="string"||x.length<2&&y.z.length<2||__bf_e[8]===__bf_x[0]||__bf_tms(x,y.z,8))), (x == (__bf_v=f())||typeof x==="string"&&typeof __bf_v==="string"&&(x.length>1||__bf_v.length>1)&&__bf_e[9]!==__bf_x[0]&&__bf_fms(x,__bf_v,9)), (x != y&&(typeof x!=="string"||typeof y!=="string"||x.length<2&&y.length<2||__bf_e[10]===__bf_x[0]||__bf_tms(x,y,10)))];
function local(s, f) {
  "use strict";var __bf_v;__bf_c[2]=1;
  return [((__bf_v=f(s)) === "key"||__bf_e[11]!==__bf_x[0]&&__bf_fm(__bf_v,"key",11)), __bf_io1(s,f(0),12), (t) => (__bf_c[3]=1,((__bf_v=f(t)) === "arrow"||__bf_e[13]!==__bf_x[0]&&__bf_fm(__bf_v,"arrow",13)))];
}
