/**
 * How much work the inputs of JS corpora make under bunfuzz's instrumentation: each file of each
 * corpus folder run once through the target's fuzz function with PACKAGE instrumented, counting its
 * loop iterations (the unit of bunfuzz's cost scaling, src/instrument/README.md "Work"). Prints
 * JSON as jsInputTime.ts does, with `work` in place of `us`.
 *
 *   bun bench/jsInputWork.ts TARGET.cjs PACKAGE DIR...
 */
import { executionWork, nextExecution, registerInstrumentation } from "../src/instrument/index.ts";
import { MemorySink } from "../src/instrument/memorySink.ts";
import { call, loadCorpora, loadFuzz } from "./jsInputTime.ts";

if (import.meta.main) {
  const [target, pkg, ...dirs] = process.argv.slice(2);
  if (!target || !pkg || dirs.length === 0) {
    console.error("usage: bun bench/jsInputWork.ts TARGET.cjs PACKAGE DIR...");
    process.exit(2);
  }
  registerInstrumentation({ packages: [pkg], sink: new MemorySink(), cacheDir: false });
  const fuzz = loadFuzz(target);
  const corpora = loadCorpora(dirs);
  for (const c of corpora) {
    c.data.forEach((d, i) => {
      nextExecution();
      call(fuzz, d);
      c.cost.inputs[i]!.work = executionWork();
    });
  }
  console.log(JSON.stringify(corpora.map((c) => c.cost)));
}
