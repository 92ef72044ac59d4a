/**
 * A worker of a campaign with several, with the test as its supervisor: another worker's REDUCE
 * takes the place of the input it replaces on the same terms as the worker's own REDUCE (it still
 * touches every feature that input was first to reach here), and is refused otherwise. The inputs
 * are sent when the worker's seed phase is over and it takes them in after its first slice (about
 * 50 ms), long before its run budget is spent (about a second).
 */
import { expect, test } from "bun:test";
import { workerEnv } from "../../src/build/asanRuntime.ts";
import { shimLibrary } from "../../src/build/shim.ts";
import { parseArgs } from "../../src/options/parse.ts";
import type { ToSupervisor } from "../../src/runner/peers.ts";
import { startWorker, type Campaign } from "../../src/runner/supervisor.ts";
import { sha1Hex } from "../../src/util/sha1.ts";
import { planted } from "../helpers/planted.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

test("a peer's REDUCE replaces the input here when it touches that input's features, and only then", async () => {
  // ladder's six keys in a row; it never reads the bytes after them, which a REDUCE removes.
  const big = bytes(`LADRSTEPFOR-PEERREDUCED!${"-".repeat(300)}`);
  const small = bytes("LADRSTEPFOR-PEERREDUCED!");
  const partial = bytes("LADRSTEP"); // smaller still, but misses four of the steps (its early return is new here)
  const shimLib = shimLibrary();
  // Without compare feedback the worker cannot climb a 4-byte key itself: the steps stay new to it.
  const options = parseArgs(["-runs=2000000", "-seed=1", "-max_len=512", "-use_cmp=0", "-use_value_profile=0"]).options;
  const c: Campaign = {
    config: {
      mode: "fuzz", target: planted("ladder"), shimLib, inputCapacity: 512, options, seed: 1, maxLen: 512,
      corpusDirs: [], seedDirs: [], files: [], peer: { index: 1, count: 2, startupLines: false },
    },
    env: workerEnv(shimLib, false),
    reproducePrefix: "",
  };
  let done: Extract<ToSupervisor, { t: "done" }> | undefined;
  const reduces: string[] = [];
  const w = startWorker(c, (m) => {
    if (m.t === "inited") {
      w.send({ t: "inputs", items: [{ data: big }, { data: small, old: sha1Hex(big) }, { data: partial, old: sha1Hex(small) }] });
    } else if (m.t === "finds") {
      for (const f of m.items) if (f.t === "reduce") reduces.push(f.old);
    } else {
      done = m;
    }
  });
  const end = await w.ended;
  expect(end.code).toBe(0);
  expect(done).toBeDefined();
  expect(done!.received).toBe(3);
  expect(done!.adopted).toBe(2); // big (its steps were new here) and partial, kept as a new input
  expect(done!.reductions).toBe(1); // small took big's place; partial did not take small's
  // The replacement was silent (the campaign has it): the worker never names big as reduced.
  expect(reduces).not.toContain(sha1Hex(big));
}, 60_000);
