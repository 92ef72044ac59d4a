const s = "héllo😀"; const t = s === "😀" ? 1 : 2;
const u = "\u2028"; if (u) f();
