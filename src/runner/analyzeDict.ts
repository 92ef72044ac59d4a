import { listCorpusFiles, readInputs } from "../corpus/disk.ts";
import type { Shim } from "../coverage/ffi.ts";
import { EngineError } from "../findings/errors.ts";
import { escapeWord, readDictionary } from "../mutators/dictFile.ts";
import type { WorkerConfig } from "./protocol.ts";

/** Whether `word` occurs in `data` at `at`. */
function occursAt(data: Uint8Array, word: Uint8Array, at: number): boolean {
  for (let k = 0; k < word.length; k++) if (data[at + k] !== word[k]) return false;
  return true;
}

/**
 * -analyze_dict=1 -dict=D CORPUS..., in a worker, as libFuzzer's AnalyzeDictionary: each corpus
 * input runs as it is and once per dictionary word it contains, with every occurrence of the word
 * masked (each byte XOR 0xff). A word whose masking changes the input's features scores 2, one whose
 * masking changes nothing loses 1; the words that end at 0 or below are printed as useless, in the
 * form the recommended dictionary prints words (ClusterFuzz drops them from the recommended
 * dictionary it keeps for the target).
 */
export async function analyzeDictionary(cfg: WorkerConfig, shim: Shim, log: (s: string) => void, run: (data: Uint8Array) => unknown): Promise<void> {
  const dict = cfg.options.dict ? readDictionary(cfg.options.dict) : [];
  if (!dict.length || !cfg.corpusDirs.length) throw new EngineError("usage", "-analyze_dict=1 needs -dict=FILE and corpus directories (as libFuzzer: can't analyze dict without dict and corpus provided)");
  const corpus = cfg.corpusDirs.flatMap((d) => {
    log(`Loading corpus dir: ${d}`);
    return readInputs(listCorpusFiles([d]), 0, true).map((f) => f.data);
  });
  log(`Started dictionary minimization (up to ${dict.length * corpus.length * 2} tests)`);
  const scores = new Int32Array(dict.length), usages = new Int32Array(dict.length);
  const features = async (data: Uint8Array): Promise<Uint32Array> => {
    await run(data);
    return shim.touched.slice(0, shim.stats.touchedCount);
  };
  for (const input of corpus) {
    const initial = await features(input);
    for (let i = 0; i < dict.length; i++) {
      const word = dict[i]!;
      const masked = new Uint8Array(input);
      let found = false;
      for (let at = 0; word.length && at + word.length <= masked.length;) {
        if (!occursAt(input, word, at)) { at++; continue; }
        for (let k = 0; k < word.length; k++) masked[at + k]! ^= 0xff;
        found = true;
        at += word.length;
      }
      if (!found) continue;
      usages[i]!++;
      const after = await features(masked);
      const same = after.length === initial.length && after.every((f, k) => f === initial[k]);
      scores[i]! += same ? -1 : 2;
    }
  }
  log("###### Useless dictionary elements. ######");
  for (let i = 0; i < dict.length; i++) if (scores[i]! <= 0) log(`"${escapeWord(dict[i]!)}" # Score: ${scores[i]}, Used: ${usages[i]}`);
  log("###### End of useless dictionary elements. ######");
  log("Dictionary analysis succeeded");
}
