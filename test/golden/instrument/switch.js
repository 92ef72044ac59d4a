function f(x) {
  switch (x) {
    case "alpha":
    case "beta" /* fall */ :
      return 1;
    case 300: {
      break;
    }
    default:
      return 0;
  }
  switch (x.kind) { case -1000: g(); case y: h() }
  switch (c) { case "\"": case 0x23: q(); }
  switch (x) {}
  switch ((x, x)) { default: }
}
