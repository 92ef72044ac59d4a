function f(a, b) {
  if (a) {
    g();
  }
  if (b) g(); else h();
  if (a) g()
  else if (b) h()
  else k()
  if (a)
    g()
  ;[1].map(k)
  if (a) {} else {}
  if (a) if (b) g(); else h();
}
