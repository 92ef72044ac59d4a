// The few members the JS targets use, for the two pinned packages that ship no types
// (cheaper than two @types dependencies).
declare module "papaparse" {
  interface ParseResult<T> { data: T[]; errors: unknown[] }
  interface ParseConfig { header?: boolean; dynamicTyping?: boolean; skipEmptyLines?: boolean; delimiter?: string }
  const Papa: {
    parse<T = unknown>(input: string, config?: ParseConfig): ParseResult<T>;
    unparse(data: unknown[]): string;
  };
  export default Papa;
}

declare module "pngjs" {
  export class PNG {
    width: number;
    height: number;
    data: Buffer;
    static sync: { read(buffer: Buffer): PNG; write(png: PNG): Buffer };
  }
}
