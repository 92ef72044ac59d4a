import { isAbsolute, resolve, sep } from "node:path";
import { PROJECT_ROOT } from "../util/paths.ts";

/** Which files the plugin instruments. Globs are relative to `root` unless absolute. */
export interface FileSelection {
  /** Globs of files to instrument (`**`, `*`, `?`, `{a,b}`; a trailing `/` means everything below). */
  readonly include?: readonly string[];
  /** Globs of files never to instrument (wins over include and packages). */
  readonly exclude?: readonly string[];
  /** npm package names whose files under any `node_modules/<name>/` are instrumented (not their own dependencies). */
  readonly packages?: readonly string[];
  /**
   * Substrings of absolute paths: a file whose path contains one is instrumented, node_modules
   * included; `*` matches every file (Jazzer.js's includes, `-instrument_paths`).
   */
  readonly contains?: readonly string[];
  /** Base of relative globs; default process.cwd(). */
  readonly root?: string;
}

/** Extensions the instrumenter handles (declaration files are excluded separately). */
const CODE_EXT = String.raw`\.(?:[cm]?[jt]s|[jt]sx)$`;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The RegExp source (unanchored) matching the absolute paths a glob names. */
export function globSource(glob: string, root: string): string {
  let g = isAbsolute(glob) ? glob : resolve(root, glob) + (glob.endsWith("/") ? "/" : "");
  if (sep !== "/") g = g.split(sep).join("/");
  if (g.endsWith("/")) g += "**";
  let out = "";
  for (let i = 0; i < g.length; i++) {
    const ch = g[i]!;
    if (ch === "*" && g[i + 1] === "*") {
      const slash = g[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (ch === "*") {
      out += "[^/]*";
    } else if (ch === "?") {
      out += "[^/]";
    } else if (ch === "{") {
      const close = g.indexOf("}", i);
      if (close < 0) {
        out += "\\{";
        continue;
      }
      out += `(?:${g.slice(i + 1, close).split(",").map(escapeRe).join("|")})`;
      i = close;
    } else {
      out += escapeRe(ch);
    }
  }
  return out;
}

/**
 * The onLoad filter: one RegExp that matches exactly the files to instrument (Bun's onLoad
 * cannot hand a file back to the default loader, so the filter is the whole decision). A file
 * matches when it has a JS/TS extension (not .d.ts), is not excluded, is not part of bunfuzz
 * itself (unless an include names part of it), and is named by an include glob (outside node_modules unless the glob says
 * node_modules), lies in a listed package or has one of the `contains` substrings in its path.
 * Matches nothing when nothing is selected.
 */
export function buildFilter(sel: FileSelection): RegExp {
  const root = sel.root ?? process.cwd();
  // bunfuzz's own engine is never instrumented, unless an include glob names part of it (fuzzing
  // bunfuzz itself; those modules must then not have been loaded before registration).
  const ownDir = resolve(PROJECT_ROOT, "src");
  const selfFuzz = (sel.include ?? []).some((g) => resolve(root, g).startsWith(`${ownDir}/`));
  const excludes = [...(selfFuzz ? [] : [`${escapeRe(ownDir)}/.*`]), ...(sel.exclude ?? []).map((g) => globSource(g, root))];
  const includes = (sel.include ?? []).map((g) => (g.includes("node_modules") ? "" : "(?!.*/node_modules/)") + globSource(g, root));
  const packages = (sel.packages ?? []).map((p) => `.*/node_modules/${escapeRe(p)}/(?!(?:.*/)?node_modules/).*`);
  const contains = (sel.contains ?? []).map((c) => (c === "*" ? ".*" : `.*${escapeRe(c)}.*`));
  const any = [...includes, ...packages, ...contains];
  if (any.length === 0) return /(?!)/;
  return new RegExp(`^(?!(?:${excludes.join("|")})$)(?!.*\\.d\\.[cm]?ts$)(?=.*${CODE_EXT})(?:${any.join("|")})$`);
}
