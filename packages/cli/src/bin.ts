#!/usr/bin/env node
import { main } from "./main.js";

const exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  interactive: process.stderr.isTTY === true,
});
process.exitCode = exitCode;
