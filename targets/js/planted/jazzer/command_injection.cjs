// Planted command injection for the command-injection bug detector: the input ends up in a shell
// command. The shell is /bin/false, so no command ever runs while fuzzing.
const { execSync } = require("child_process");

module.exports.fuzz = function (data) {
  const s = data.toString();
  if (!s.startsWith("backup ")) return;
  try {
    execSync(`tar -czf /tmp/${s.slice(7, 40)}.tgz .`, { shell: "/bin/false", stdio: "ignore" });
  } catch {
    // /bin/false fails every command
  }
};
