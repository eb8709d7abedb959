#!/usr/bin/env node
/** The `nninit` executable: wires the process (stdout, stderr, the terminal, Ctrl-C) to runCli. */
import { runProcess } from "./process.js";

await runProcess(process.argv.slice(2));
