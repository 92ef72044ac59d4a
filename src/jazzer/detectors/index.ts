/**
 * Jazzer.js's bug detectors, on by default as there, each switched off by a regular expression
 * matching its name (-disable_bug_detectors, Jazzer.js's --disableBugDetectors). One row per
 * detector; the names are Jazzer.js's. Each is proven by a planted target in targets/js/planted/.
 */
import { installCommandInjection } from "./commandInjection.ts";
import { installPathTraversal } from "./pathTraversal.ts";
import { installPrototypePollution, prototypePollutionConfig } from "./prototypePollution.ts";
import { installRemoteCodeExecution } from "./remoteCodeExecution.ts";
import { installSsrf, ssrfConfig } from "./ssrf.ts";

/** A bug detector: its name, what installs its hooks, and its configuration object if it has one. */
export interface Detector {
  readonly name: string;
  readonly install: () => void;
  readonly config?: object;
}

export const DETECTORS: readonly Detector[] = [
  { name: "command-injection", install: installCommandInjection },
  { name: "path-traversal", install: installPathTraversal },
  { name: "prototype-pollution", install: installPrototypePollution, config: prototypePollutionConfig },
  { name: "remote-code-execution", install: installRemoteCodeExecution },
  { name: "ssrf", install: installSsrf, config: ssrfConfig },
];

const installed = new Set<string>();

/**
 * Installs every detector whose name no pattern matches (patterns are unanchored regular
 * expressions, as in Jazzer.js: ".*" disables all). Returns the names installed. Idempotent.
 */
export function installDetectors(disable: readonly string[]): string[] {
  const patterns = disable.map((p) => new RegExp(p));
  for (const d of DETECTORS) {
    if (installed.has(d.name) || patterns.some((p) => p.test(d.name))) continue;
    d.install();
    installed.add(d.name);
  }
  return [...installed];
}

/** Whether a detector was installed in this process. */
export function detectorInstalled(name: string): boolean {
  return installed.has(name);
}

/**
 * A detector's configuration object (Jazzer.js's API for custom hooks files), or undefined when
 * the detector is off or has none: `getBugDetectorConfiguration("ssrf")?.addPermittedTCPConnection("localhost", 8080)`.
 */
export function getBugDetectorConfiguration(name: string): unknown {
  return installed.has(name) ? DETECTORS.find((d) => d.name === name)?.config : undefined;
}
