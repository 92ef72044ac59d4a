/** What `@jazzer.js/hooking` resolves to under bunfuzz (resolve.ts): function hooks (hooks.ts). */
export { registerAfterHook, registerBeforeHook, registerReplaceHook } from "../hooks.ts";

/** A number for a call site made of any values (Jazzer.js's helper for hookIds; FNV-1a of their text). */
export function callSiteId(...parts: unknown[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.map(String).join("\0")) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}
