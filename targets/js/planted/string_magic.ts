/** Planted bug: a string compare against a keyword, behind a prefix check. Compare feedback finds it. */
export function fuzz(data: Uint8Array): void {
  const s = new TextDecoder().decode(data);
  if (!s.startsWith("cmd:")) return;
  const word = s.slice(4, 12);
  if (word === "shutdown") throw new Error(`planted: reached "${word}"`);
}
