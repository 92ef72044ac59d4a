"use strict";const __bf_h=globalThis.__bunfuzz_module("commonjs.cjs",5,0,[],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w;
const path = require("path");
if (!module.parent) {__bf_c[0]=1;return;}else{__bf_c[1]=1;}
module.exports = function main(argv) {__bf_c[2]=1;
  return argv.length > 2 ? (__bf_c[3]=1,argv[2]) : (__bf_c[4]=1,path.sep);
};
