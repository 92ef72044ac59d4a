// Allocations of built-ins count their work (allocWork.ts); other calls and constructors do not.
function blocks(rows, cols) {
  const out = [];
  for (let i = 0; i < rows * cols; i++) out.push(new Int32Array(64));
  return out;
}
function image(w, h, channels) {
  const data = new Uint8Array(w * h * channels), scratch = Buffer.allocUnsafe(w);
  const rows = new Array(h), pair = Array(w, h), table = new Float64Array([0.5, 1.5]);
  return { data, scratch, rows, pair, table, copy: new Uint8ClampedArray(data), view: new DataView(data.buffer), map: new Map() };
}
const line = (n) => Buffer.alloc(n.length, 0);
const huge = () => new ArrayBuffer(1e12);
