/**
 * The bytes a JS target receives: a Node `Buffer` (Jazzer.js passes one, and its targets call
 * `data.toString()`, `readUInt32LE` and the like; a Buffer is a Uint8Array, so targets typed
 * `Uint8Array` work unchanged).
 *
 * Each execution gets its own copy: the target may write into it (in-place decoders do) without
 * changing what the engine saves or the supervisor recovers, and the worker keeps recent inputs
 * by reference to attribute unhandled rejections (rejections.ts). Per call, measured in one
 * process (5 M calls, inputs of 0-63 bytes, taskset -c 1): `Uint8Array#slice` (what targets got
 * before) 85-108 ns, `Buffer.allocUnsafe` + `set` 78-81 ns, a zero-copy `Buffer.from(arrayBuffer,
 * offset, length)` view 117-149 ns (Bun's Buffer.from is the slow part), a cached view of one
 * reused scratch copy 37-62 ns (faster, but every execution would share one buffer, which the
 * rejection ring cannot hold). So the copy is a Buffer from the start, at no extra cost.
 */
export class TargetInput {
  /** from[len]: the engine slot's first len bytes, the source of the copy (set() takes whole arrays). */
  private readonly from: Uint8Array[] = [];

  /** `slot` is the engine's input slot; inputs never exceed its length. */
  constructor(private readonly slot: Uint8Array) {}

  /** A new Buffer holding slot[0..len). */
  take(len: number): Buffer {
    const b = Buffer.allocUnsafe(len);
    b.set(len > CACHED_LENGTHS ? this.slot.subarray(0, len) : (this.from[len] ??= this.slot.subarray(0, len)));
    return b;
  }
}

/**
 * Lengths up to this get a cached source view. Past it the copy costs far more than making a
 * view, and caching every length of a 1 MiB -max_len would hold millions of views.
 */
const CACHED_LENGTHS = 1 << 16;
