#!/usr/bin/env node
// npm run example -- <name>: compiles examples/ against the built package and runs one.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";

const names = readdirSync(new URL("../examples/", import.meta.url)).filter((f) => f.endsWith(".ts") && f !== "train.ts").map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  console.error(`usage: npm run example -- <name>\nexamples: ${names.join(", ")}`);
  process.exit(2);
}
execFileSync("npx", ["tsc", "-p", "examples/tsconfig.json"], { stdio: "inherit" });
execFileSync("node", [`build/examples/${name}.js`, ...process.argv.slice(3)], { stdio: "inherit" });
