/**
 * The coverage report and the charts as a person sees them: rendered by headless Chromium (Debian's
 * `chromium`, which scripts/setup.sh installs when it can), with the page's scripts run, checked
 * for script errors and for the file names and percentages it must show, and screenshotted.
 * Skipped with a note when Chromium is not installed.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../../src/build/compile.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";

const CHROMIUM = Bun.which("chromium") ?? Bun.which("chromium-browser");
const FIXTURE = join(PROJECT_ROOT, "test/fixtures/coverage/branches.c");

interface Rendered {
  /** The DOM after the page's scripts ran. */
  dom: string;
  /** Console errors (uncaught exceptions, failed loads) Chromium logged. */
  errors: string[];
}

/** Runs headless Chromium on a file once: the DOM after scripts (--dump-dom) or a screenshot. */
function chromium(url: string, mode: { dump: true } | { screenshot: string }, dir: string): Rendered {
  const args = [
    CHROMIUM!, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", `--user-data-dir=${join(dir, "profile")}`,
    "--enable-logging=stderr", "--v=0", "--window-size=1200,900",
    ...("dump" in mode ? ["--dump-dom"] : [`--screenshot=${mode.screenshot}`]), url,
  ];
  const r = Bun.spawnSync(args, { stdout: "pipe", stderr: "pipe", timeout: 60_000 });
  const log = r.stderr.toString();
  const errors = log.split("\n").filter((l) => /:CONSOLE/.test(l) && /Uncaught|Error|Failed to load/i.test(l));
  return { dom: r.stdout.toString(), errors };
}

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(path: string): [number, number] {
  const b = readFileSync(path);
  expect(b.subarray(1, 4).toString()).toBe("PNG");
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe.skipIf(!CHROMIUM)("the HTML report in headless Chromium", () => {
  test("the error check sees a script error (so its silence below means something)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.html"), "<html><body><script>notDefined();</script></body></html>");
    expect(chromium(`file://${join(dir, "bad.html")}`, { dump: true }, dir).errors.join("\n")).toContain("notDefined is not defined");
  }, 60_000);

  test("index.html, a source page and bunfuzz plot's charts render without script errors and show files and percentages", () => {
    const so = compileCached("coverage-branches", [FIXTURE], join(CACHE_DIR, "test-targets"), DEFAULT_INSTRUMENT, { quiet: true });
    const dir = tempDir();
    const corpus = join(dir, "corpus");
    mkdirSync(corpus);
    writeFileSync(join(corpus, "a"), "A1");
    writeFileSync(join(corpus, "b"), "B22");
    // A campaign elsewhere gives the time series the charts draw.
    expect(bunfuzz(["fuzz", so, join(dir, "campaign"), "-seed=1", "-runs=50000"], dir).code).toBe(0);
    const stats = join(dir, "campaign.stats.csv");
    expect(bunfuzz(["coverage", so, corpus, "-o", join(dir, "report"), `-stats=${stats}`], dir).code).toBe(0);

    const index = chromium(`file://${join(dir, "report/index.html")}`, { dump: true }, dir);
    expect(index.errors).toEqual([]);
    expect(index.dom).toContain(">branches.c</a>");
    expect(index.dom).toMatch(/>66\.6%</); // 4 of 6 lines
    expect(index.dom).toMatch(/<th[^>]*class="[^"]*sorted[^"]*"[^>]*>Lines<\/th>/); // the sort script ran: least covered first
    expect(index.dom).toContain("Coverage over time");
    expect(index.dom.match(/<polyline/g)?.length).toBe(4); // one campaign in each of the four charts

    const page = chromium(`file://${join(dir, "report/files/0.html")}`, { dump: true }, dir);
    expect(page.errors).toEqual([]);
    expect(page.dom).toContain("never_called");
    expect(page.dom).toMatch(/<tr id="L19" class="miss">/);

    const shots = join(dir, "shots");
    mkdirSync(shots);
    const png = join(shots, "index.png");
    expect(chromium(`file://${join(dir, "report/index.html")}`, { screenshot: png }, dir).errors).toEqual([]);
    expect(pngSize(png)).toEqual([1200, 900]);
    console.log(`screenshot: ${png}`);

    // bunfuzz plot's page: the same campaign's four charts, on their own.
    expect(bunfuzz(["plot", stats, "-o", join(dir, "plot")], dir).code).toBe(0);
    const plot = chromium(`file://${join(dir, "plot/index.html")}`, { dump: true }, dir);
    expect(plot.errors).toEqual([]);
    expect(plot.dom.match(/<svg/g)?.length).toBe(4);
    expect(plot.dom).toContain("Edges covered (cov:)");
  }, 120_000);
});

if (!CHROMIUM) test("the HTML report in headless Chromium (skipped)", () => console.warn("note: chromium is not installed (Debian package chromium; scripts/setup.sh installs it as root); the report was not rendered"));
