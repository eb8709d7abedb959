/**
 * Small, dependency-free helpers for building the report's HTML: escaping, number
 * formatting, and reading the schema's numbers (which may be the strings "NaN",
 * "Infinity" and "-Infinity" for values that are not finite).
 */

/** Escapes text for an HTML text node or a quoted attribute value. */
export function esc(text: unknown): string {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Serialises a value as JSON that is safe inside `<script type="application/json">`:
 * `<`, `>` and `&` become \u escapes (so no `</script>` or `<!--` can appear), as do the
 * line separators. Non-finite numbers are written the way the schema writes them.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v))
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The non-finite value a schema number stands for, or null if it is an ordinary finite number. */
export type NonFinite = "NaN" | "Infinity" | "-Infinity";

/**
 * Reads a schema number: a finite number is returned as is; NaN, ±Infinity, their string forms,
 * null, undefined and anything else give null.
 */
export function finite(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** Names the non-finite value a schema number holds ("NaN", "Infinity", "-Infinity"), or null. */
export function nonFinite(v: unknown): NonFinite | null {
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : null;
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return v;
  return null;
}

/** A number for people: about five significant figures, exponent form for very small or large values. */
export function fmtNum(v: unknown, digits = 5): string {
  const bad = nonFinite(v);
  if (bad) return bad;
  if (typeof v === "string") return v;
  if (typeof v !== "number") return "—";
  if (v === 0) return "0";
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e6) return trimZeros(v.toPrecision(digits));
  return v.toExponential(Math.max(0, digits - 3)).replace(/\.?0+e/, "e");
}

function trimZeros(s: string): string {
  return s.includes(".") && !s.includes("e") ? s.replace(/\.?0+$/, "") : s;
}

/** A fraction in [0, 1] as a percentage, e.g. 0.8432 → "84.3%". Non-numbers as "—". */
export function fmtPct(v: unknown): string {
  const bad = nonFinite(v);
  if (bad) return bad;
  return typeof v === "number" ? `${(v * 100).toFixed(1)}%` : "—";
}

/** An integer with thousands separators: 60000 → "60,000". */
export function fmtInt(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",") : String(v);
}

/** Seconds for people: "0.4 s", "12 s", "3 min 05 s". */
export function fmtSeconds(s: unknown): string {
  if (typeof s !== "number" || !Number.isFinite(s)) return "—";
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - 60 * m)).padStart(2, "0")} s`;
}

/** Compresses sorted integers into ranges: [1,2,3,5] → "1–3, 5". */
export function ranges(ns: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    out.push(j === i ? String(ns[i]) : `${ns[i]}–${ns[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

/** Plain text with blank-line paragraphs and single line breaks, escaped, as HTML paragraphs. */
export function paragraphs(text: string): string {
  return String(text ?? "")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${esc(p).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

/** A string usable as an HTML id: letters, digits, '-' and '_' only. */
export function slug(s: string): string {
  return String(s).toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "x";
}
