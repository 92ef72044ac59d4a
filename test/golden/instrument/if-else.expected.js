const __bf_h=globalThis.__bunfuzz_module("if-else.js",15,0,[],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w;function f(a, b) {__bf_c[0]=1;
  if (a) {__bf_c[1]=1;
    g();
  }else{__bf_c[2]=1;}
  if (b) {__bf_c[3]=1;g();} else {__bf_c[4]=1;h();}
  if (a) {__bf_c[5]=1;g()}
  else if (b) {__bf_c[6]=1;h()}
  else {__bf_c[7]=1;k()}
  if (a)
    {__bf_c[8]=1;g()
  ;}else{__bf_c[9]=1;}[1].map(k)
  if (a) {__bf_c[10]=1;} else {__bf_c[11]=1;}
  if (a) if (b) {__bf_c[13]=1;g();} else {__bf_c[14]=1;h();}else{__bf_c[12]=1;}
}
