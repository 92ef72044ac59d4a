const a = x && y;
const b = x || y || z;
const c = x ?? y;
const d = (x && y) ?? z;
o.p &&= 1;
o.q ||= f();
o.r ??= g() && h();
