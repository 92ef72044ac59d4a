// Planted path traversal for the path-traversal bug detector: a file name from the input is
// joined to an upload folder without a check.
const path = require("path");

module.exports.fuzz = function (data) {
  const name = data.toString();
  if (name.length > 40 || !name.endsWith(".png")) return;
  return path.join("/srv/uploads", name);
};
