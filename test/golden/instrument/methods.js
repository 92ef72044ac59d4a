const r = [
  s.startsWith("abc"),
  s.endsWith(t),
  s.includes("xy", 2,),
  s.indexOf("\n", p),
  list.indexOf(v),
  s
    .startsWith( /* pre */ p),
  a?.b.includes(x),
  (a?.b).includes(x),
  s["startsWith"](x),
  s.startsWith(...args),
  s.includes(),
  s.includes(a, b, c),
];
class K extends Array { f(x) { return super.includes(x); } }
