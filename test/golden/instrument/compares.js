const eqs = [a === b, a !== "xy", a == 1000, a != b, a < b, a > 2.5, a <= b, a >= b];
const bytes = [c === "x", c !== 0x23, c < 255, c >= -1];
const skipped = [1 === 1, "a" < "b", a === null, a !== undefined, typeof a === "string", a == true, !a === b, void 0 === a];
if (s.charCodeAt(i)
    ===
    0x4142) found();
const chained = a < b === c > d;
const computed = [i === n - 1, s.length !== t, a.indexOf(b) == c, k != ++j, x === y, x !== y.z, x == f(), x != y];
function local(s, f) {
  "use strict";
  return [f(s) === "key", s.indexOf(f(0)), (t) => f(t) === "arrow"];
}
