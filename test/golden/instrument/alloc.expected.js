// Allocations of built-ins count their work (allocWork.ts); other calls and constructors do not.
const __bf_h=globalThis.__bunfuzz_module("alloc.js",5,0,[],[],0),__bf_c=__bf_h.c,__bf_w=__bf_h.w;var __bf_l,__bf_t;function blocks(rows, cols) {__bf_c[0]=1;
  const out = [];
  for (let i = 0; i < rows * cols; i++) {__bf_c[1]=1;__bf_w[0]++;out.push(new Int32Array((__bf_w[0]+=8,64)));}
  return out;
}
function image(w, h, channels) {var __bf_l,__bf_t;__bf_c[2]=1;
  const data = new Uint8Array((__bf_l=w * h * channels,__bf_w[0]=(__bf_t=__bf_w[0]+(typeof __bf_l!=="number"||!(__bf_l>0)?4:4+__bf_l*0.015625))<2147483648?__bf_t:__bf_w[0]>2147483648?__bf_w[0]:2147483648,__bf_l)), scratch = Buffer.allocUnsafe((__bf_w[0]+=4,w));
  const rows = new Array((__bf_l=h,__bf_w[0]=(__bf_t=__bf_w[0]+(typeof __bf_l!=="number"||!(__bf_l>0)?4:4+__bf_l*0.125))<2147483648?__bf_t:__bf_w[0]>2147483648?__bf_w[0]:2147483648,__bf_l)), pair = Array(w, h), table = new Float64Array((__bf_w[0]+=4,[0.5, 1.5]));
  return { data, scratch, rows, pair, table, copy: new Uint8ClampedArray((__bf_l=data,__bf_w[0]=(__bf_t=__bf_w[0]+(typeof __bf_l!=="number"||!(__bf_l>0)?4:4+__bf_l*0.015625))<2147483648?__bf_t:__bf_w[0]>2147483648?__bf_w[0]:2147483648,__bf_l)), view: new DataView(data.buffer), map: new Map() };
}
const line = (n) => {var __bf_l,__bf_t;__bf_c[3]=1;return(Buffer.alloc((__bf_l=n.length,__bf_w[0]=(__bf_t=__bf_w[0]+(typeof __bf_l!=="number"||!(__bf_l>0)?4:4+__bf_l*0.015625))<2147483648?__bf_t:__bf_w[0]>2147483648?__bf_w[0]:2147483648,__bf_l), 0))};
const huge = () => {var __bf_t;__bf_c[4]=1;return(new ArrayBuffer((__bf_w[0]=(__bf_t=__bf_w[0]+2147483648)<2147483648?__bf_t:__bf_w[0]>2147483648?__bf_w[0]:2147483648,1e12)))};
