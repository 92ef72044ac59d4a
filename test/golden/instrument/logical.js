const a = x && y;
const b = x || y || z;
const c = x ?? y;
const d = (x && y) ?? z;
o.p &&= 1;
o.q ||= f();
o.r ??= g() && h();
const space = c === 0x20 || c === 0x9 || (c = next()) === 0xa, digit = c >= 0x30 && c <= 0x39, mixed = c === 0x20 || d === 0x9;
