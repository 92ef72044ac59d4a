"use strict"
const path = require("path");
if (!module.parent) return;
module.exports = function main(argv) {
  return argv.length > 2 ? argv[2] : path.sep;
};
