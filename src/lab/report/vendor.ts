/**
 * Finds the Chart.js UMD build the report inlines.
 *
 * Chart.js is a devDependency: `npm run build` copies it (scripts/vendor-chartjs.mjs) next to
 * the compiled report, into dist/lab/report/vendor/, which is what an installed package uses.
 * In development and tests (compiled to build/src/lab/report/, no vendor copy) it is resolved
 * from node_modules instead.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The file names the build copies into vendor/ (kept in step with scripts/vendor-chartjs.mjs). */
export const VENDOR_SCRIPT = "chart.umd.js";
export const VENDOR_LICENSE = "chart.js.LICENSE.md";

export interface ChartJsSource {
  /** The script, ready to inline: no source-map comment, nothing that could end a <script> element. */
  code: string;
  /** Chart.js's licence text, inlined with it as MIT asks. */
  license: string;
  /** Where it was read from. */
  path: string;
}

/**
 * Locates Chart.js for a report module at `moduleUrl`: first `vendor/` beside it (the built
 * package), then the `chart.js` package as Node resolves it from there (development).
 * Throws an Error naming both places when neither has it.
 */
export function findChartJs(moduleUrl: string): { script: string; license: string | null } {
  const here = dirname(fileURLToPath(moduleUrl));
  const vendored = join(here, "vendor", VENDOR_SCRIPT);
  if (existsSync(vendored)) {
    const lic = join(here, "vendor", VENDOR_LICENSE);
    return { script: vendored, license: existsSync(lic) ? lic : null };
  }
  let pkgDir: string | null = null;
  try {
    // "chart.js" resolves to <pkg>/dist/chart.cjs (require condition); the UMD build sits beside it.
    pkgDir = dirname(dirname(createRequire(moduleUrl).resolve("chart.js")));
  } catch {
    pkgDir = null;
  }
  if (pkgDir) {
    for (const name of ["chart.umd.js", "chart.umd.min.js"]) {
      const p = join(pkgDir, "dist", name);
      if (existsSync(p)) {
        const lic = ["LICENSE.md", "LICENSE"].map((f) => join(pkgDir!, f)).find((f) => existsSync(f)) ?? null;
        return { script: p, license: lic };
      }
    }
  }
  throw new Error(
    `nninit lab report: Chart.js not found. Looked for ${vendored} (copied there by \`npm run build\`) ` +
      `and for the chart.js package in node_modules (\`npm install --save-dev chart.js@4\`).`,
  );
}

let cached: ChartJsSource | null = null;

/** Reads (once) the Chart.js build for this module's location; see findChartJs. */
export function loadChartJs(moduleUrl: string = import.meta.url): ChartJsSource {
  if (cached && moduleUrl === import.meta.url) return cached;
  const found = findChartJs(moduleUrl);
  const src: ChartJsSource = {
    code: inlineSafe(readFileSync(found.script, "utf8")),
    license: found.license ? readFileSync(found.license, "utf8") : "Chart.js — MIT License, (c) Chart.js Contributors.",
    path: found.script,
  };
  if (moduleUrl === import.meta.url) cached = src;
  return src;
}

/**
 * Makes a script safe to place inside <script>…</script>: drops the source-map comment (a
 * browser with devtools open would try to fetch the map) and breaks up the sequences that
 * end or confuse a script element. Both rewrites keep the script's meaning in strings,
 * regular expressions and comments.
 */
export function inlineSafe(code: string): string {
  return code
    .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "\n")
    .replace(/<\/(script)/gi, "<\\/$1")
    .replace(/<!--/g, "\\x3C!--");
}
