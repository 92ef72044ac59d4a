// @ts-nocheck
import{c as __bf_c,w as __bf_w}from"bunfuzz-counters:10:typescript.ts";var __bf_h;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("typescript.ts",10,0,[],[],0);return __bf_h.c}__bf_i();export interface Shape { area(): number }
type Id = string | number;
declare function ambient(x: number): void;
enum Color { Red = 1, Green = x ? 2 : 3 }
export abstract class Base<T> implements Shape {
  private readonly items: T[] = [];
  abstract area(): number;
  overload(a: string): void;
  overload(a: any): void {__bf_c[0]=1; if (a) {__bf_c[1]=1;this.items.push(a as T);}else{__bf_c[2]=1;} }
  constructor(private id: Id) {__bf_c[3]=1;}
}
export function pick<T>(xs: T[], f: (x: T) => boolean): T | undefined {__bf_c[4]=1;
  for (const x of xs) {__bf_w[0]++;if (f(x)) {__bf_c[5]=1;return x!;}else{__bf_c[6]=1;}}
  return (xs[0] satisfies T) ?? (__bf_c[7]=1,undefined);
}
const n = <number>(v === 1 ? (__bf_c[8]=1,1) : (__bf_c[9]=1,2));
