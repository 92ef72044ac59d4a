// Example Jazzer.js fuzz target with a planted bug behind string compares.
//
// The input is read as "key=value". The bug fires only for the key "user"
// with the value "admin-debug". Both steps are plain string equalities,
// which Jazzer.js's compare hooks turn into libFuzzer hints (value profile
// and the table of recent compares); blind mutation would need ~2^120 tries.
"use strict";

module.exports.fuzz = function (data) {
  const text = data.toString("latin1");
  const eq = text.indexOf("=");
  if (eq <= 0) return;
  const key = text.slice(0, eq);
  const value = text.slice(eq + 1);
  if (key === "user") {
    if (value === "admin-debug") {
      throw new Error("planted bug: user=admin-debug");
    }
  }
};
