/**
 * Two distinct planted bugs, each reachable many ways: -keep_going must report each once.
 * Line numbers matter: the stack-trace test checks that the error points at line 9 and line 12.
 */
export function fuzz(data: Uint8Array): void {
  if (data.length < 2) return;
  const tag = data[0];
  if (tag === 0x61) {
    if (data[1]! > 0x10) throw new RangeError("planted: first bug");
  }
  if (tag === 0x62) {
    if (data[1]! < 0x80) throw new SyntaxError("planted: second bug");
  }
}
