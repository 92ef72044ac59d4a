import { listCorpusFiles } from "../corpus/disk.ts";
import { INTERRUPT_EXIT } from "../findings/exitCodes.ts";
import { findInput } from "./merge.ts";
import { reportFinding, runWorker, type Campaign } from "./supervisor.ts";
import { writeStderr } from "../util/stderr.ts";

/** A crashing input is skipped and the merge restarted; past this many restarts we give up. */
const MAX_ATTEMPTS = 32;

/**
 * `-merge=1 OUT IN...`: runs the merge in a worker; when an input crashes the target, the worker
 * dies, the supervisor names that input, and a new worker redoes the merge without it (libFuzzer
 * resumes from a control file instead; rerunning is simpler and only costs time on crashes).
 */
export async function superviseMerge(c: Campaign): Promise<number> {
  const candidates = listCorpusFiles(c.config.corpusDirs.slice(1));
  const skip: string[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const out = await runWorker({ ...c, config: { ...c.config, skip } });
    if (out.kind === "ok") return 0;
    if (out.kind === "engine") return out.code;
    if (out.kind === "interrupted") return INTERRUPT_EXIT;
    const culprit = findInput(candidates, out.finding.input, c.config.maxLen);
    if (!culprit) return reportFinding({ ...c, config: { ...c.config, mode: "fuzz" } }, out.finding, out.workerCode); // an input of OUT crashed
    writeStderr(`MERGE-OUTER: attempt ${attempt} crashed (${out.finding.kind}) on ${culprit}; skipping it and restarting\n`);
    skip.push(culprit);
  }
  writeStderr(`bunfuzz: error: the merge crashed ${MAX_ATTEMPTS} times; minimize the crashing inputs first\n`);
  return 3;
}
