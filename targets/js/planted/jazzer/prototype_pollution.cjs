// Planted prototype pollution for the prototype-pollution bug detector: a settings line
// `a.b.c=value` is set by a path walk that does not refuse __proto__ or constructor.
function setPath(obj, keys, value) {
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== "object" || o[k] === null) o[k] = {};
    o = o[k];
  }
  o[keys[keys.length - 1]] = value;
}

module.exports.fuzz = function (data) {
  const line = data.toString();
  const eq = line.indexOf("=");
  if (eq < 1 || line.length > 64) return;
  setPath({}, line.slice(0, eq).split("."), line.slice(eq + 1));
};
