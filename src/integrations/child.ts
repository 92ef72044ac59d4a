import type { Shim } from "../coverage/ffi.ts";
import type { WorkerConfig } from "../runner/protocol.ts";

/** The child side of a fuzz() test: set by preload.ts when this process fuzzes or replays one test. */
export interface ChildContext {
  cfg: WorkerConfig;
  shim: Shim;
}

let child: ChildContext | undefined;

export function setChild(c: ChildContext): void {
  child = c;
}

/** The context when this `bun test` process is a fuzz() child, else undefined. */
export function childContext(): ChildContext | undefined {
  return child;
}
