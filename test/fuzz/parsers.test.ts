/**
 * bunfuzz fuzzing its own parsers of user input: dictionaries, `.options` files and command lines
 * (invariants in parsers.ts). Plain `bun test` replays the seeds and testdata/fuzz/;
 * `bunfuzz test test/fuzz/parsers.test.ts -max_total_time=60` fuzzes them with the parsers
 * instrumented; test/e2e/selfFuzz.test.ts runs them for a fixed budget.
 */
import { fuzz, type Smith } from "bunfuzz";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { checkDictionary, checkFlags, checkOptionsFile, FLAG_NAMES } from "./parsers.ts";

const instrument = [join(PROJECT_ROOT, "src/options/"), join(PROJECT_ROOT, "src/mutators/dictFile.ts"), join(PROJECT_ROOT, "src/util/escape.ts")];
const corpus = (name: string) => process.env.BUNFUZZ_SELF_FUZZ_CORPUS ? join(process.env.BUNFUZZ_SELF_FUZZ_CORPUS, name) : undefined;

fuzz("dictionary parser", (data) => checkDictionary(data), {
  instrument, corpus: corpus("dictionary"),
  seeds: ['kw1="GET"\n# comment\n"\\x00\\xff"\nkw@2="a\\"b\\\\c"\n', '"unterminated', 'x="\\q"', "\n\n\r\n", '"\u00e9\u202e"'],
});

fuzz("options file parser", (data) => checkOptionsFile(data), {
  instrument, corpus: corpus("options"),
  seeds: ["[libfuzzer]\nmax_len = 100\ntimeout=5\ndetect_leaks=0\n[afl]\nx = 1\n", "[libfuzzer]\nrss_limit_mb = -1\n", "[libfuzzer]\nnope\n", "[libfuzzer]\ninstrument = a,b\nignore_remaining_args=1\nruns=zz\n"],
});

fuzz("flag parser", (s: Smith) => {
  const argv: string[] = [];
  while (s.more("arg")) {
    const kind = s.int(0, 4, "kind");
    const name = kind < 3 ? FLAG_NAMES[s.int(0, FLAG_NAMES.length - 1, "name")]! : s.string({ maxLength: 12 }, "raw name");
    const dashes = kind === 4 ? "--" : "-";
    if (kind === 3 && s.bool("positional")) argv.push(name);
    else argv.push(s.bool("bare") ? `${dashes}${name}` : `${dashes}${name}=${s.string({ maxLength: 16 }, "value")}`);
  }
  checkFlags(argv);
}, { smith: true, instrument, corpus: corpus("flags") });
