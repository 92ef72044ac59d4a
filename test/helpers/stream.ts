/**
 * Reads a child's output stream as it comes, so a test can wait for a line (a condition) instead of
 * a deadline. `done` resolves when `pattern` has appeared (or the stream ended); `text()` is all
 * that was read so far. Reading goes on in the background until the stream ends.
 */
export function readUntil(stream: ReadableStream<Uint8Array>, pattern: RegExp): { done: Promise<boolean>; text: () => string } {
  let text = "";
  let resolve!: (found: boolean) => void;
  const done = new Promise<boolean>((r) => (resolve = r));
  (async () => {
    const dec = new TextDecoder();
    for await (const chunk of stream) {
      text += dec.decode(chunk, { stream: true });
      if (pattern.test(text)) resolve(true);
    }
    resolve(pattern.test(text));
  })();
  return { done, text: () => text };
}
