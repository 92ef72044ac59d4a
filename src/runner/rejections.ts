import type { Shim } from "../coverage/ffi.ts";

/**
 * Unhandled promise rejections of a JS target, each attributed to the input that caused it.
 *
 * Bun reports a rejection nobody handled only when its event loop turns (after the microtasks
 * drain), never in the middle of synchronous code: the sync loop runs thousands of inputs between
 * turns, and the async loop (each execution awaited, microtasks only) never gives the loop a turn
 * at all. So the worker turns the loop itself every few hundred executions (`settle`), and when
 * rejections surfaced, replays the inputs run since the last turn one at a time, each followed by
 * a turn, until the one that rejects is found: the finding then carries an input that reproduces
 * with `bunfuzz run`. Keeping those inputs costs a reference store per execution (RecentInputs);
 * a turn costs about 1.5 µs (a setImmediate round trip), paid once per recentSlots() executions.
 */

/** Input bytes kept alive at most (the slot count shrinks to MIN_SLOTS for a huge -max_len). */
const RING_BYTES = 4 << 20;
/** Executions between two turns of the event loop, at most: a turn then costs a few ns per execution. */
const MAX_SLOTS = 256;
const MIN_SLOTS = 16;

/**
 * The inputs run since the last turn of the event loop, oldest first: the target's own copies,
 * kept by reference (a copy of each cost 20-40 ns per execution on a trivial target, measured).
 * A target that changes its copy leaves the changed bytes here; replaying them is what decides
 * whether they reproduce, so a report never names bytes that did not.
 */
export class RecentInputs {
  private readonly held: Array<Uint8Array | undefined>;
  private next = 0;
  /** Inputs held (at most `slots`; older ones are dropped). */
  count = 0;

  constructor(readonly slots: number) {
    this.held = new Array<Uint8Array | undefined>(slots).fill(undefined);
  }

  /** Keeps `input` (by reference). */
  note(input: Uint8Array): void {
    const i = this.next;
    this.held[i] = input;
    this.next = i + 1 === this.slots ? 0 : i + 1;
    if (this.count < this.slots) this.count++;
  }

  clear(): void {
    this.count = 0;
    this.held.fill(undefined);
  }

  /** The inputs held, oldest first. */
  inputs(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let k = this.count; k > 0; k--) out.push(this.held[(this.next - k + this.slots) % this.slots]!);
    return out;
  }
}

/** How many executions a sync slice may run so that RecentInputs holds them all, for a slot size. */
export function recentSlots(inputCapacity: number): number {
  return Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, Math.floor(RING_BYTES / Math.max(1, inputCapacity))));
}

/** What the watch needs from the worker: running one input aside, and the finding flow. */
export interface RejectionHost {
  readonly shim: Shim;
  /** Runs `input` once without recording coverage; errors it throws are ignored. */
  replay(input: Uint8Array): Promise<void>;
  /** Whether a finding like this one was reported already (-keep_going): then it is not attributed again. */
  known(reason: unknown): boolean;
  /**
   * Reports `reason` with the input in the slot (the culprit); `alone` is false when no single
   * input reproduced it. Returns whether fuzzing goes on; false ends the campaign (the caller
   * throws).
   */
  report(reason: unknown, alone: boolean): boolean;
}

/** Thrown out of `settle` when a rejection ends the campaign (no -keep_going). */
export class RejectionFinding extends Error {
  constructor(readonly reason: unknown) {
    super("unhandled rejection");
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Collects the target's unhandled rejections and attributes them (see the file comment). */
export class RejectionWatch {
  private pending: unknown[] = [];
  private readonly listener = (reason: unknown) => { this.pending.push(reason); };

  constructor(private readonly host: RejectionHost) {
    process.on("unhandledRejection", this.listener);
  }

  /** Stops listening (the campaign is over). */
  close(): void {
    process.off("unhandledRejection", this.listener);
  }

  /**
   * Turns the event loop once; if rejections surfaced, finds for each the input among
   * `candidates` (the inputs run since the last turn, in order) after which it rejects again, and
   * reports it with that input. One that no single input reproduces is reported with the last
   * input, saying so. Throws RejectionFinding when a report ends the campaign (the slot then holds
   * the culprit, for the supervisor); otherwise the input slot is left as it was.
   */
  async settle(candidates: () => Uint8Array[]): Promise<void> {
    await turn();
    if (this.pending.length === 0) return;
    let open = this.pending.splice(0).filter((r) => !this.host.known(r));
    if (open.length === 0) return;
    const shim = this.host.shim, h = shim.header, len = h.inputLen;
    const saved = shim.input.slice(0, len), savedCount = h.mutationCount, savedBase = h.baseSha1.slice();
    const list = candidates();
    if (list.length === 1) this.report(open, list[0]!, true);
    else {
      for (let i = 0; i < list.length && open.length > 0; i++) {
        await this.host.replay(list[i]!);
        await turn();
        if (this.pending.length === 0) continue;
        this.report(this.pending.splice(0), list[i]!, true); // what this input raises when run alone
        open = open.filter((r) => !this.host.known(r));
      }
      if (open.length > 0) this.report(open, list[list.length - 1] ?? new Uint8Array(0), false);
    }
    shim.input.set(saved, 0);
    h.inputLen = len;
    h.mutationCount = savedCount;
    h.baseSha1.set(savedBase);
  }

  /** Reports each reason not known yet with `input` in the slot; throws when one ends the campaign. */
  private report(reasons: unknown[], input: Uint8Array, alone: boolean): void {
    const shim = this.host.shim;
    shim.input.set(input, 0);
    shim.header.inputLen = input.length;
    shim.header.mutationCount = 0; // a replayed input's mutations and base are not known
    shim.header.baseSha1.fill(0);
    for (const r of reasons) if (!this.host.known(r) && !this.host.report(r, alone)) throw new RejectionFinding(r);
  }
}
