// @ts-nocheck
export interface Shape { area(): number }
type Id = string | number;
declare function ambient(x: number): void;
enum Color { Red = 1, Green = x ? 2 : 3 }
export abstract class Base<T> implements Shape {
  private readonly items: T[] = [];
  abstract area(): number;
  overload(a: string): void;
  overload(a: any): void { if (a) this.items.push(a as T); }
  constructor(private id: Id) {}
}
export function pick<T>(xs: T[], f: (x: T) => boolean): T | undefined {
  for (const x of xs) if (f(x)) return x!;
  return (xs[0] satisfies T) ?? undefined;
}
const n = <number>(v === 1 ? 1 : 2);
