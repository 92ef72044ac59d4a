// Custom hooks for hooked.cjs, written against Jazzer.js's API.
const { guideTowardsEquality, reportAndThrowFinding } = require("@jazzer.js/core");
const { registerReplaceHook } = require("@jazzer.js/hooking");

registerReplaceHook("checkKey", "planted/jazzer/lib/licence", false, (thisPtr, params, hookId, original) => {
  const key = params[0];
  if (key === "opensesame") reportAndThrowFinding(`planted: licence key found: ${key}`);
  guideTowardsEquality(key, "opensesame", hookId);
  return original(key);
});
