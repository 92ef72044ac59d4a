/**
 * What `@jazzer.js/jest-runner` resolves to under bunfuzz (resolve.ts): importing it (TypeScript
 * tests do, for the types of it.fuzz) installs it.fuzz/test.fuzz in bun test (src/integrations/jest.ts).
 */
import { installJestFuzz } from "../../integrations/jest.ts";

installJestFuzz();
