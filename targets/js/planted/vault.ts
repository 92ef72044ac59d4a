/**
 * A structured planted bug: a vault state machine driven by typed operations. The bug needs seven
 * operations in order with the right arguments (open a savings vault, deposit 42, log in as a
 * user whose name starts with "r", set the limit to 9, withdraw 3 x limit, a deep audit, close).
 * Two harnesses drive it: vault_smith.ts (typed values through Smith) and vault_bytes.ts (the same
 * logic parsing raw bytes by hand), for bench/smithEngine.ts.
 */
export const OPS = ["open", "deposit", "withdraw", "limit", "login", "audit", "close"] as const;
export type Op = (typeof OPS)[number];

export class PlantedVaultBug extends Error {}

export class Vault {
  stage = 0;
  balance = 0;
  limit = 0;

  step(op: Op, arg: number | string | boolean): void {
    switch (op) {
      case "open":
        if (this.stage === 0 && arg === "savings") this.stage = 1;
        break;
      case "deposit":
        this.balance += arg as number;
        if (this.stage === 1 && arg === 42) this.stage = 2;
        break;
      case "login":
        if (this.stage === 2 && (arg as string).length >= 3 && (arg as string)[0] === "r") this.stage = 3;
        break;
      case "limit":
        this.limit = arg as number;
        if (this.stage === 3 && arg === 9) this.stage = 4;
        break;
      case "withdraw":
        if ((arg as number) > this.balance) break;
        this.balance -= arg as number;
        if (this.stage === 4 && arg === this.limit * 3) this.stage = 5;
        break;
      case "audit":
        if (this.stage === 5 && arg === true) this.stage = 6;
        break;
      case "close":
        if (this.stage === 6) throw new PlantedVaultBug("vault closed while audited with a withdrawal pending");
        break;
    }
  }
}
