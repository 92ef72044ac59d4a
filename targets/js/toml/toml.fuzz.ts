/**
 * The smol-toml target as a bun test fuzz test. Plain `bun test targets/js/toml/toml.fuzz.ts`
 * replays the seeds and testdata/fuzz/toml_round_trip/; `bunfuzz test targets/js/toml/toml.fuzz.ts
 * -max_total_time=60` fuzzes it (and finds smol-toml 1.9.1 accepting malformed dates).
 */
import { fuzz } from "bunfuzz";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import target from "./fuzz.cjs";

const seeds = readdirSync(join(import.meta.dir, "seeds")).map((f) => readFileSync(join(import.meta.dir, "seeds", f)));

fuzz("toml round trip", (data) => target.fuzz(data), { seeds, instrument: ["smol-toml", `${import.meta.dir}/`] });
