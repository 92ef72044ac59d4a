// Custom hooks for ssrf.cjs (-custom_hooks): the backend the target may talk to.
const { getBugDetectorConfiguration } = require("@jazzer.js/bug-detectors");

getBugDetectorConfiguration("ssrf")?.addPermittedTCPConnection("localhost", 8080);
