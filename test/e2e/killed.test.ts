/**
 * A worker killed with SIGKILL in the middle of a campaign leaves every corpus file whole: each
 * file's name is the SHA-1 of its content (writes are temp-file + rename), and a second campaign
 * loads the directory without complaint.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sha1Hex } from "../../src/util/sha1.ts";
import { bunfuzz, CLI, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

test("SIGKILL mid-campaign leaves every corpus file whole", async () => {
  const so = planted("many_paths");
  const dir = tempDir();
  const corpus = join(dir, "corpus");
  const sup = Bun.spawn([process.execPath, CLI, "fuzz", so, corpus, "-seed=7", "-max_len=256", "-len_control=0"], {
    cwd: dir, stdout: "pipe", stderr: "pipe",
  });
  // Wait until the corpus is being written, then kill the worker (the supervisor's child).
  const deadline = Date.now() + 20_000;
  let files: string[] = [];
  while (Date.now() < deadline) {
    await Bun.sleep(100);
    try { files = readdirSync(corpus); } catch { files = []; }
    if (files.length >= 20) break;
  }
  expect(files.length).toBeGreaterThanOrEqual(20);
  const children = Bun.spawnSync(["pgrep", "-P", String(sup.pid)]).stdout.toString().trim().split("\n").filter(Boolean);
  expect(children.length).toBe(1);
  process.kill(Number(children[0]), "SIGKILL");
  const code = await sup.exited;
  const stderr = await new Response(sup.stderr).text();
  expect(code).toBe(137);
  expect(stderr).toContain("killed by SIGKILL from outside bunfuzz");
  expect(readdirSync(dir).filter((f) => f.startsWith("crash-"))).toHaveLength(0); // not a finding

  const entries = readdirSync(corpus).filter((f) => !f.startsWith("."));
  expect(entries.length).toBeGreaterThanOrEqual(20);
  for (const name of entries) expect(sha1Hex(readFileSync(join(corpus, name)))).toBe(name);

  const resumed = bunfuzz(["fuzz", so, corpus, "-seed=8", "-runs=1000"], dir);
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toMatch(new RegExp(`INFO: +${entries.length} files found`));
}, 60_000);
