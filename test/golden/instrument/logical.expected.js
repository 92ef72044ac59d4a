const __bf_h=globalThis.__bunfuzz_module("logical.js",26,0,[],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w;const a = x && (__bf_c[0]=1,y);
const b = x || (__bf_c[2]=1,y) || (__bf_c[1]=1,z);
const c = x ?? (__bf_c[3]=1,y);
const d = (x && (__bf_c[5]=1,y)) ?? (__bf_c[4]=1,z);
o.p &&= (__bf_c[6]=1,1);
o.q ||= (__bf_c[7]=1,f());
o.r ??= (__bf_c[8]=1,g() && (__bf_c[9]=1,h()));
const space = c === 0x20 || (__bf_c[11]=1,c === 0x9) || (__bf_c[10]=1,(c = next()) === 0xa), digit = c >= 0x30 && (__bf_c[12]=1,c <= 0x39), mixed = c === 0x20 || (__bf_c[13]=1,d === 0x9);
if (((c === 0x20)&&(__bf_c[17]=1,true)) || ((c === 0x9)&&(__bf_c[16]=1,true)) || (c = next()) === 0xa) {__bf_c[14]=1;skip();} else {__bf_c[15]=1;stop();}
while (((a)&&(__bf_c[19]=1,true)) || (b && (__bf_c[20]=1,c))) {__bf_c[18]=1;__bf_w[0]++;step();}
const e = !(((x)&&(__bf_c[23]=1,true)) || y) ? (__bf_c[21]=1,p || (__bf_c[24]=1,q)) : (__bf_c[22]=1,(r || (__bf_c[25]=1,s), t));
