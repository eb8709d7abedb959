#!/usr/bin/env node
// Part of `npm run build`: copies Chart.js's UMD build and its licence next to the compiled
// lab report (dist/lab/report/vendor/), which inlines them into every HTML report it writes.
// Chart.js is a devDependency, so an installed nninit has only this copy.
//
//   node scripts/vendor-chartjs.mjs [outDir]     (default: dist/lab/report/vendor)
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = resolve(process.argv[2] ?? join(repo, "dist", "lab", "report", "vendor"));

let pkgDir;
try {
  // "chart.js" resolves to <pkg>/dist/chart.cjs; the UMD build sits beside it.
  pkgDir = dirname(dirname(createRequire(join(repo, "package.json")).resolve("chart.js")));
} catch {
  console.error("vendor-chartjs: chart.js is not installed; run `npm install` (it is a devDependency).");
  process.exit(1);
}
const { version } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
if (!/^4\./.test(version)) {
  console.error(`vendor-chartjs: expected Chart.js 4.x, found ${version}.`);
  process.exit(1);
}
const script = ["chart.umd.js", "chart.umd.min.js"].map((f) => join(pkgDir, "dist", f)).find(existsSync);
const license = ["LICENSE.md", "LICENSE"].map((f) => join(pkgDir, f)).find(existsSync);
if (!script || !license) {
  console.error(`vendor-chartjs: ${script ? "licence" : "UMD build (dist/chart.umd.js)"} not found in ${pkgDir}.`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
// Names as src/lab/report/vendor.ts expects them.
copyFileSync(script, join(outDir, "chart.umd.js"));
copyFileSync(license, join(outDir, "chart.js.LICENSE.md"));
console.error(`vendor-chartjs: Chart.js ${version} → ${outDir}`);
