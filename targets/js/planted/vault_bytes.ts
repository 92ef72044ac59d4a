/**
 * The vault driven by raw bytes, parsed by hand the way a harness without Smith would: one byte
 * picks the operation, the next bytes are its argument.
 */
import { OPS, Vault } from "./vault.ts";

const decoder = new TextDecoder();

export function fuzz(data: Uint8Array): void {
  const v = new Vault();
  let i = 0;
  while (i < data.length) {
    const op = OPS[data[i++]! % OPS.length]!;
    switch (op) {
      case "open": v.step(op, (data[i++] ?? 0) % 4 === 3 ? "savings" : "checking"); break;
      case "deposit": v.step(op, (data[i++] ?? 0) % 100); break;
      case "withdraw": v.step(op, (data[i++] ?? 0) % 100); break;
      case "limit": v.step(op, (data[i++] ?? 0) % 16); break;
      case "login": {
        const n = 1 + ((data[i++] ?? 0) % 8);
        v.step(op, decoder.decode(data.subarray(i, i + n)));
        i += n;
        break;
      }
      case "audit": v.step(op, ((data[i++] ?? 0) & 1) === 1); break;
      case "close": v.step(op, 0); break;
    }
  }
}
