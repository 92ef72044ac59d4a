/** What `@jazzer.js/bug-detectors` resolves to under bunfuzz (resolve.ts). */
export { getBugDetectorConfiguration } from "../detectors/index.ts";
