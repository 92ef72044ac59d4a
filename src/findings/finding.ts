import { CRASH } from "../coverage/abi.ts";
import { FINDING_EXIT } from "./exitCodes.ts";

/** How a run of the target went wrong: a closed set, each with libFuzzer's artifact prefix and exit code. */
export type FindingKind = "crash" | "sanitizer" | "exit" | "timeout" | "oom" | "leak" | "js";

export interface Finding {
  kind: FindingKind;
  /** The input that was executing (recovered from shared memory). */
  input: Uint8Array;
  /** Signal number for a deadly signal, if known. */
  signal?: number;
  /** Mutation names that produced the input, libFuzzer-style (`ChangeBit-CMP-`). */
  mutations: string;
  mutationCount: number;
  /** SHA-1 of the corpus input it was mutated from. */
  baseUnit: string;
  /** A JS finding that -expected_errors names (the campaign then succeeds). */
  expected?: boolean;
}

export const FINDING_INFO: Record<FindingKind, { artifact: string; summary: string; exit: number }> = {
  crash: { artifact: "crash", summary: "deadly signal", exit: FINDING_EXIT.crash },
  sanitizer: { artifact: "crash", summary: "", exit: FINDING_EXIT.sanitizer },
  exit: { artifact: "crash", summary: "fuzz target exited", exit: FINDING_EXIT.crash },
  timeout: { artifact: "timeout", summary: "timeout", exit: FINDING_EXIT.timeout },
  oom: { artifact: "oom", summary: "out-of-memory", exit: FINDING_EXIT.oom },
  // LeakSanitizer's report and libFuzzer's INFO line come from the worker; no SUMMARY: libFuzzer line.
  leak: { artifact: "leak", summary: "", exit: FINDING_EXIT.crash },
  js: { artifact: "crash", summary: "uncaught exception", exit: FINDING_EXIT.crash },
};

/** Maps the shim's crash record to a finding kind (undefined: the target did not fail). */
export function kindFromCrashRecord(crashKind: number): FindingKind | undefined {
  switch (crashKind) {
    case CRASH.signal: return "crash";
    case CRASH.timeout: return "timeout";
    case CRASH.oom: return "oom";
    case CRASH.sanitizer: return "sanitizer";
    case CRASH.exit: return "exit";
    case CRASH.js: return "js";
    case CRASH.leak: return "leak";
    default: return undefined;
  }
}
