/**
 * Smith: structured inputs for harnesses. A harness reads typed values (`s.int(0, 100)`,
 * `s.string({ ascii: true })`, `while (s.more())`) instead of bytes; each value is tied to its
 * call site so a mutation that adds or removes a value does not shift the others. See README.md.
 */
export { Smith } from "./smith.ts";
export { labelledId, signatureId } from "./signature.ts";
export type { FloatOptions, LengthOptions, RecordedValue, StringOptions, ValueSource } from "./smith.ts";
export type { Site } from "./siteId.ts";
export { KIND, MAX_LENGTH, type Domain, type KindName, type SmithValue, type Value } from "./kinds.ts";
export { MAGIC, VERSION, hasMagic } from "./layout.ts";
export { decode, encode, header, type Decoded, type SiteEntry } from "./codec.ts";
export { describe, describeValues, formatDomain, formatValue, labelsOf, type DescribeOptions } from "./describe.ts";
export { canonicalize, overBytes, record, recordAsync, type Recording, type SmithHarness } from "./record.ts";
export { SMITH_MUTATORS, smithChange, smithDrop, smithDuplicate, smithInsert, smithSplice } from "./mutate/rows.ts";
