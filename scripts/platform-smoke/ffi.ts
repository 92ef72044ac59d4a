/**
 * Run by a Bun of the platform under test: the engine's Shim (bun:ffi) opens the prebuilt shim,
 * JS counters and a native target record features, and the crashing input ends the process with
 * the shim's exit code 77. Prints one line of results before that.
 * Usage: bun ffi.ts SHIM TARGET SHM_PATH
 */
import { Shim } from "../../src/coverage/ffi.ts";

const [lib, target, shm] = process.argv.slice(2) as [string, string, string];
const shim = new Shim(lib, shm, 4096, 1000, 0);
const { counters } = shim.allocCounters(16);
const jsRun = (): number => {
  shim.setInTarget(true);
  counters[3] = 1;
  shim.setInTarget(false);
  return shim.collect(0);
};
const js = [jsRun(), jsRun()];
shim.loadTarget(target);
shim.input.set(new TextEncoder().encode("xxxxxx"));
const native = [shim.run(6), shim.run(6)];
console.log(`${process.platform}-${process.arch}: JS probes new features ${js.join(" then ")}, native target ${native.join(" then ")}`);
shim.input.set(new TextEncoder().encode("FUZ"));
shim.run(3);
console.log("not reached");
