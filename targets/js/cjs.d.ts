// The JS targets are Jazzer.js-style CommonJS files (module.exports.fuzz); this types them for the
// TypeScript files that import one (the fuzz() test examples).
declare module "*.cjs" {
  const target: { fuzz(data: Uint8Array): void };
  export default target;
}
