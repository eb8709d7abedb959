#!/usr/bin/env node
/**
 * The `nninit` command. For now it samples an initialiser and prints its statistics;
 * the lab (`nninit lab`) and `nninit inspect` arrive with their issues.
 */
import { runCli } from "./run.js";

process.exitCode = runCli(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
