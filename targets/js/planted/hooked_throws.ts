/**
 * Two distinct planted bugs in hooked method calls: startsWith and includes called on a number
 * that a function returns. Each must surface from its own line (the test checks lines 11 and 12)
 * and read as the source does, so -keep_going reports two findings.
 */
function field(data: Uint8Array): any {
  return data[0]! < 0x80 ? "text" : data.length;
}
export function fuzz(data: Uint8Array): void {
  if (data.length < 2) return;
  if (data[1] === 0x31) field(data).startsWith("first");
  if (data[1] === 0x32) field(data).includes("second");
}
