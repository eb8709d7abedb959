/**
 * Building `Claim`s: a claim holds when the measured figure falls in its band. A NaN or
 * infinite measurement never holds, whatever the band.
 */
import type { Claim } from "../types.js";
import { sig } from "./stats.js";

function make(text: string, measured: number | string, band: string, holds: boolean, note?: string): Claim {
  const c: Claim = { text, holds, measured: typeof measured === "number" ? sig(measured, 6) : measured, band };
  if (note !== undefined) c.note = note;
  return c;
}

/** lo ≤ x ≤ hi. */
export function between(text: string, x: number, lo: number, hi: number, note?: string): Claim {
  return make(text, x, `[${lo}, ${hi}]`, x >= lo && x <= hi, note);
}

/** x > lo. */
export function above(text: string, x: number, lo: number, note?: string): Claim {
  return make(text, x, `> ${lo}`, x > lo, note);
}

/** x < hi. */
export function below(text: string, x: number, hi: number, note?: string): Claim {
  return make(text, x, `< ${hi}`, x < hi, note);
}

/** x === expected, bit for bit. */
export function exactly(text: string, x: number, expected: number, note?: string): Claim {
  return make(text, x, `= ${expected} (exact)`, x === expected, note);
}

/** A claim whose test is not a simple band: the caller computes `holds`. */
export function custom(text: string, measured: number | string, band: string, holds: boolean, note?: string): Claim {
  return make(text, measured, band, holds, note);
}
