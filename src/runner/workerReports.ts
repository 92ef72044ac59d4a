/**
 * What a worker leaves for the supervisor to print once it has ended: a sanitizer runtime's report
 * (the worker's fd 4, a file the supervisor created) and the target's stack the shim recorded in
 * the shared region. The supervisor prints both without bunfuzz's own frames (findings/stackTrace.ts)
 * before it judges the worker's end, so they come where libFuzzer prints them: after the
 * `ERROR:` line, before the banner.
 *
 * Routing a sanitizer's report through a file costs its timing: a non-fatal warning appears when
 * the worker ends rather than when it happens. It also keeps it whole under -close_fd_mask=2, as
 * libFuzzer does.
 */
import { closeSync } from "node:fs";
import { shimSourceFiles } from "../build/shim.ts";
import { CRASH, FLAG } from "../coverage/abi.ts";
import { filterSanitizerReport, formatStack, parseStackText } from "../findings/stackTrace.ts";
import { createUnlinkedFile, readWhole } from "../util/unlinkedFile.ts";
import { writeStderrRaw } from "../util/stderr.ts";
import type { PostMortem } from "./postMortem.ts";

/** The worker's descriptor for its sanitizer reports (after the shared region's 3). */
export const REPORT_FD = 4;

/** The file a worker's sanitizer writes its reports to. */
export class ReportFile {
  readonly fd = createUnlinkedFile("-report");

  /** Everything written to it. */
  read(): string {
    return new TextDecoder().decode(readWhole(this.fd));
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Prints a worker's sanitizer report and the stack the shim recorded, without bunfuzz's frames;
 * after a deadly signal the shim handled itself, libFuzzer's note that its handlers are rudimentary.
 */
export function printWorkerReports(report: string, pm: PostMortem | undefined, shimLib: string): void {
  if (report) {
    const text = filterSanitizerReport(report, { shimSources: shimSourceFiles().filter((f) => f.endsWith(".c")), shimLibrary: shimLib, executable: process.execPath });
    writeStderrRaw(text.endsWith("\n") ? text : `${text}\n`);
  }
  if (!pm) return;
  writeStderrRaw(formatStack(parseStackText(pm.stack)));
  if (pm.crashKind === CRASH.signal && !(pm.flags & FLAG.asan)) {
    writeStderrRaw("NOTE: bunfuzz has rudimentary signal handlers.\n      Combine bunfuzz with AddressSanitizer (bunfuzz build -asan) for better crash reports.\n");
  }
}
