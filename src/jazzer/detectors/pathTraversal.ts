/**
 * Path traversal (Jazzer.js's detector of that name): a finding when a path given to an fs or
 * fs/promises function, or to path.join/normalize/resolve, contains "../../jaz_zer"; otherwise
 * the path is recorded as a failed comparison with that marker. Jazzer.js hooks only normalize
 * and resolve of `path`, since Node's join calls normalize; Bun's join is native and calls
 * neither, so join is hooked too.
 */
import { guideTowardsContainment, reportAndThrowFinding } from "../api.ts";
import { registerBeforeHook } from "../hooks.ts";

/** The path whose presence proves the input controls a path that leaves its directory. */
export const PATH_GOAL = "../../jaz_zer";

const FS_ONE = [
  "access", "accessSync", "appendFile", "appendFileSync", "chmod", "chmodSync", "chown", "chownSync",
  "createReadStream", "createWriteStream", "exists", "existsSync", "lchmod", "lchmodSync", "lchown", "lchownSync",
  "lstat", "lstatSync", "lutimes", "lutimesSync", "mkdir", "mkdirSync", "open", "opendir", "opendirSync",
  "openAsBlob", "openSync", "readFile", "readFileSync", "readlink", "readlinkSync", "readdir", "readdirSync",
  "realpath", "realpathSync", "rm", "rmSync", "rmdir", "rmdirSync", "stat", "statfs", "statfsSync", "statSync",
  "truncate", "truncateSync", "unlink", "unlinkSync", "unwatchFile", "utimes", "utimesSync", "watch", "watchFile",
  "writeFile", "writeFileSync",
];
const FS_PROMISES_ONE = [
  "access", "appendFile", "chmod", "chown", "lchmod", "lchown", "lstat", "lutimes", "mkdir", "open", "opendir",
  "readFile", "readlink", "readdir", "realpath", "rm", "rmdir", "stat", "statfs", "truncate", "unlink", "utimes",
  "watch", "writeFile",
];
const FS_TWO = ["copyFile", "copyFileSync", "cp", "cpSync", "link", "linkSync", "rename", "renameSync", "symlink", "symlinkSync"];
const FS_PROMISES_TWO = ["copyFile", "cp", "link", "rename", "symlink"];

function check(fn: string, p: unknown, hookId: number): void {
  if (typeof p !== "string" && !(p instanceof URL) && !Buffer.isBuffer(p)) return;
  const s = p.toString();
  if (s.includes(PATH_GOAL)) reportAndThrowFinding(`Path Traversal\n    in ${fn}(): called with '${s}'`);
  guideTowardsContainment(PATH_GOAL, s, hookId);
}

/** Registers the detector's hooks. */
export function installPathTraversal(): void {
  const one = (mod: string, fns: string[]) => {
    for (const fn of fns) registerBeforeHook(fn, mod, false, (_this, params, id) => check(fn, params[0], id));
  };
  const two = (mod: string, fns: string[]) => {
    for (const fn of fns) {
      registerBeforeHook(fn, mod, false, (_this, params, id) => {
        check(fn, params[0], id);
        check(fn, params[1], id ^ 1);
      });
    }
  };
  one("fs", FS_ONE);
  one("fs/promises", FS_PROMISES_ONE);
  two("fs", FS_TWO);
  two("fs/promises", FS_PROMISES_TWO);
  for (const fn of ["join", "normalize", "resolve"]) {
    registerBeforeHook(fn, "path", false, (_this, params, id) => { for (const a of params) check(`path.${fn}`, a, id); });
  }
}
