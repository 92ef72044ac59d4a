/** The vault driven by typed values: each operation and argument is one Smith value. */
import type { Smith } from "../../../src/smith/index.ts";
import { OPS, Vault } from "./vault.ts";

export const smith = true;

const KINDS = [[3, "checking"], [1, "savings"]] as const;

export function fuzz(s: Smith): void {
  const v = new Vault();
  while (s.more("more")) {
    const op = s.pick(OPS, "op");
    switch (op) {
      case "open": v.step(op, s.weighted(KINDS, "kind")); break;
      case "deposit": v.step(op, s.int(0, 99, "deposit")); break;
      case "withdraw": v.step(op, s.int(0, 99, "withdraw")); break;
      case "limit": v.step(op, s.int(0, 15, "limit")); break;
      case "login": v.step(op, s.string({ ascii: true, minLength: 1, maxLength: 8 }, "user")); break;
      case "audit": v.step(op, s.bool("deep")); break;
      case "close": v.step(op, 0); break;
    }
  }
}
