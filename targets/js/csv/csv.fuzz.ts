/**
 * The Papa Parse target as a bun test fuzz test: plain `bun test targets/js/csv/csv.fuzz.ts`
 * replays; `bunfuzz test targets/js/csv/csv.fuzz.ts -max_total_time=60` fuzzes.
 */
import { fuzz } from "bunfuzz";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import target from "./fuzz.cjs";

const seeds = readdirSync(join(import.meta.dir, "seeds")).map((f) => readFileSync(join(import.meta.dir, "seeds", f)));

fuzz("csv round trip", (data) => target.fuzz(data), { seeds, instrument: ["papaparse", `${import.meta.dir}/`] });
