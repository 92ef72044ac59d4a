/** bun test's preload (bunfig.toml): the temporary directories of the run go after its last test. */
import { removeAfterAll } from "./tempDirs.ts";

removeAfterAll();
