/**
 * JSON has no NaN or Infinity: `JSON.stringify` would silently write `null`. Schema
 * `nninit-lab/1` writes a non-finite number as the string "NaN", "Infinity" or "-Infinity"
 * instead (see ../types.ts), so a diverged loss stays visible in results.json.
 */
import type { LabResults } from "../types.js";

/** The JSON spelling of a number: itself if finite, else "NaN", "Infinity" or "-Infinity". */
export function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

/**
 * A deep copy of `value` with every non-finite number replaced by its string spelling, ready
 * for `JSON.stringify`. Accepts the whole `LabResults` or any part of it.
 *
 * @example writeFileSync("results.json", JSON.stringify(toJsonSafe(results), null, 2));
 */
export function toJsonSafe<T>(value: T): T;
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === "number") return jsonNumber(value);
  if (Array.isArray(value)) return value.map((v) => toJsonSafe(v));
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, jsonNumber);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonSafe(v);
    return out;
  }
  return value;
}

/** `JSON.stringify(toJsonSafe(results), null, 2)` plus a final newline: the results.json text. */
export function resultsToJson(results: LabResults): string {
  return `${JSON.stringify(toJsonSafe(results), null, 2)}\n`;
}
