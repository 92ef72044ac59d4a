import { listCorpusFiles, readInputs } from "../corpus/disk.ts";
import { ENGINE_EXIT } from "../findings/errors.ts";
import { INTERRUPT_EXIT } from "../findings/exitCodes.ts";
import { readDump, type CoverageDump } from "../report/dump.ts";
import { writeStderr } from "../util/stderr.ts";
import { runWorker, type Campaign } from "./supervisor.ts";

/** A crashing input is skipped and the replay restarted; past this many restarts we give up. */
const MAX_ATTEMPTS = 32;

/**
 * Runs `bunfuzz coverage`'s replay in a worker. An input that kills the worker is named, skipped
 * and the replay restarted without it (as -merge does): a report over the rest beats no report, and
 * the crash is the fuzz campaign's business. Returns the dump, or the exit code of an engine error.
 */
export async function superviseCoverage(c: Campaign): Promise<CoverageDump | number> {
  const inputs = [...listCorpusFiles(c.config.corpusDirs), ...c.config.files];
  const skip: string[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const out = await runWorker({ ...c, config: { ...c.config, skip } });
    if (out.kind === "ok") return readDump(c.config.coverageOut!);
    if (out.kind === "engine") return out.code;
    if (out.kind === "interrupted") return INTERRUPT_EXIT;
    const culprit = findInput(inputs, out.finding.input, c.config.inputCapacity);
    if (!culprit) {
      writeStderr(`bunfuzz: error: the target crashed (${out.finding.kind}) outside the replayed inputs; run it with \`bunfuzz run\` to see why\n`);
      return ENGINE_EXIT.target;
    }
    writeStderr(`INFO: coverage: ${culprit} crashes the target (${out.finding.kind}); replaying without it\n`);
    skip.push(culprit);
  }
  writeStderr(`bunfuzz: error: the replay crashed ${MAX_ATTEMPTS} times; minimize or remove the crashing inputs first\n`);
  return ENGINE_EXIT.input;
}

/** The path among `paths` whose content is `input` (to skip the input a replay crashed on). */
function findInput(paths: readonly string[], input: Uint8Array, maxLen: number): string | undefined {
  for (const f of readInputs(paths, maxLen, true)) {
    if (Buffer.from(f.data).equals(Buffer.from(input))) return f.path;
  }
  return undefined;
}
