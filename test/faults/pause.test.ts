/**
 * A campaign paused from outside (SIGSTOP of every process, as a job-control stop, a suspended
 * machine or a debugger does) for longer than -timeout, then resumed: the pause is not the
 * target's time, so no timeout is reported (native/crash.c, PAUSE_NS; the supervisor's backstop).
 * slow's executions take tens of milliseconds, so the processes stop inside the target.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";
import { childrenOf, start } from "./process.ts";

test("a campaign stopped for longer than -timeout and resumed reports no timeout", async () => {
  const dir = tempDir();
  const r = start(["fuzz", planted("slow"), join(dir, "corpus"), "-seed=1", "-runs=100000", "-timeout=1"], dir);
  await r.until(() => /\tINITED /.test(r.stderr()) && childrenOf(r.proc.pid).length === 1, "fuzzing");
  const pids = [r.proc.pid, ...childrenOf(r.proc.pid)];
  for (let i = 0; i < 2; i++) {
    for (const p of pids) process.kill(p, "SIGSTOP");
    await Bun.sleep(1300);
    for (const p of pids) process.kill(p, "SIGCONT");
    await Bun.sleep(200);
  }
  r.proc.kill("SIGINT");
  const { stderr } = await r.done();
  expect(stderr).not.toContain("ALARM");
  expect(stderr).not.toContain("timeout");
  expect(stderr).toContain("run interrupted");
}, 60_000);
