#!/usr/bin/env node
// The spanscope command, from the build (npm run build).
require("../out/main/cli.js").runCli();
