/**
 * The preload for Jest-style fuzz tests (`bunfig.toml`: `[test] preload = ["bunfuzz/jest"]`):
 * `it.fuzz`/`test.fuzz` (jest.ts), and `@jazzer.js/*` imports mapped to bunfuzz's own modules, so
 * test files written for Jazzer.js's Jest runner run under bun test unchanged.
 */
import { registerJazzerResolver } from "../jazzer/resolve.ts";
import { installJestFuzz } from "./jest.ts";

registerJazzerResolver();
installJestFuzz();
