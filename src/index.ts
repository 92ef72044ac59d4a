/**
 * bunfuzz's public API for test files and harnesses:
 *   import { fuzz, Smith } from "bunfuzz";
 * The command line is `bunfuzz` (src/cli/main.ts).
 */
export { fuzz } from "./integrations/bunTest.ts";
export type { ByteHarness, FuzzOptions, SmithHarness } from "./integrations/options.ts";
export { Smith } from "./smith/index.ts";
export { nativeLibrary, type NativeSource } from "./integrations/native.ts";
export { stateful, statefulBytes, type StatefulBytes, type StatefulSmith } from "./snapshot/stateful.ts";
