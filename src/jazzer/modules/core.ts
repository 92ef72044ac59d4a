/**
 * What `@jazzer.js/core` resolves to under bunfuzz (resolve.ts): the part of its API fuzz targets,
 * custom hooks and bug detectors use.
 */
export { FloatLengthError, FuzzedDataProvider } from "../provider.ts";
export {
  addDictionary, exploreState, Finding, getJazzerJsGlobal, getOrSetJazzerJsGlobal, guideTowardsContainment, guideTowardsEquality,
  jazzer, registerAfterEachCallback, registerBeforeEachCallback, reportAndThrowFinding, reportFinding, setJazzerJsGlobal,
} from "../api.ts";

/** A fuzz target: bytes in, anything (or a promise) out. */
export type FuzzTarget = (data: Buffer) => unknown;
/** A callback-style fuzz target: calls done() when finished, done(error) on failure. */
export type FuzzTargetCallback = (data: Buffer, done: (e?: Error) => void) => unknown;
