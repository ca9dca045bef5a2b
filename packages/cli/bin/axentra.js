#!/usr/bin/env node
// Committed entry point, so that pnpm can link the command before the
// package is built; the CLI itself is compiled to dist/.
import "../dist/bin.js";
