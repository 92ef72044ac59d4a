/**
 * Load-time instrumentation of JS/TS modules: the public surface. See README.md beside this file
 * for what is instrumented, what the emitted code looks like and the measured overhead.
 */
export { instrumentSource } from "./transform.ts";
export { clearCompareMemo, createRuntime, executionWork, finishExecution, installRuntime, nextExecution, isRuntimeInstalled, loadedModules, type CoverageSink, type ModuleEntry, type ModuleHooks, type Runtime } from "./runtime.ts";
export { MemorySink, type CmpRecord } from "./memorySink.ts";
export { registerInstrumentation, type InstrumentationHandle, type InstrumentationOptions, type InstrumentedFile } from "./plugin.ts";
export { buildFilter, type FileSelection } from "./filter.ts";
export { plainMessage, remapStack, registerColumnMap } from "./stack.ts";
export { tracedSpecifier } from "./traced.ts";
export type { CmpKind, CmpSite, CounterMode, InstrumentOptions, InstrumentResult, ModuleKind, ProbeKind, ProbeRegion, ProbeSite } from "./types.ts";
