/** Hex SHA-1 of bytes: libFuzzer's corpus and artifact naming. */
export function sha1Hex(data: Uint8Array): string {
  return new Bun.CryptoHasher("sha1").update(data).digest("hex");
}
