// Planted server-side request forgery for the ssrf bug detector: API paths are forwarded to a
// backend by string concatenation, so "/api@host/" makes the URL's host the input's.
// ssrf_hooks.cjs permits the backend, localhost:8080.
const http = require("http");

module.exports.fuzz = function (data) {
  const path = data.toString();
  if (!path.startsWith("/api") || path.length > 40) return;
  let req;
  try {
    req = http.get(`http://localhost:8080${path.slice(4)}`);
  } catch (e) {
    if (e instanceof TypeError) return; // not a URL at all
    throw e;
  }
  req.on("error", () => {});
  req.destroy();
};
