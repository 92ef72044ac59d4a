import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const byDir = new Map<string, "module" | "commonjs">();

/**
 * The `type` of the nearest package.json above a file ("module" or "commonjs", the default when
 * there is none or it is unreadable). Node runs every .js file of a "module" package as an ES
 * module, with or without import/export. Results are cached per directory.
 */
export function packageTypeOf(file: string): "module" | "commonjs" {
  const seen: string[] = [];
  let dir = dirname(file);
  let type: "module" | "commonjs" = "commonjs";
  for (;;) {
    const cached = byDir.get(dir);
    if (cached) {
      type = cached;
      break;
    }
    seen.push(dir);
    const pj = join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        type = JSON.parse(readFileSync(pj, "utf8")).type === "module" ? "module" : "commonjs";
      } catch {
        type = "commonjs";
      }
      break;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of seen) byDir.set(d, type);
  return type;
}
