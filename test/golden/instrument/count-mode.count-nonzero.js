function f(a) { return a ? g() : h() && k(); }
export function top() { while (x) y(); }
