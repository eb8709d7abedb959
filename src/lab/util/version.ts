/**
 * The nninit version for `LabResults.nninit_version`: read from the package.json nearest
 * above this module whose name is "nninit" (dist/lab/util/ when installed, build/src/lab/util/
 * in the test build), or "unknown".
 */
import { readFileSync } from "node:fs";

let cached: string | undefined;

export function packageVersion(): string {
  if (cached !== undefined) return cached;
  for (let depth = 1; depth <= 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${"../".repeat(depth)}package.json`, import.meta.url), "utf8")) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === "nninit" && typeof pkg.version === "string") return (cached = pkg.version);
    } catch {
      // Missing or not ours: keep walking up.
    }
  }
  return (cached = "unknown");
}
