/**
 * A small, strict command-line parser shared by the `nninit` commands: `--flag value`,
 * `--flag=value`, boolean `--flag`, `-h`, and positionals anywhere. Every mistake comes back
 * as a message (never an exception), so each command can print it with its own usage line.
 */

export interface FlagSpec {
  /** true: a switch that takes no value (`--json`); false: `--name VALUE`. */
  readonly bool: boolean;
}

export interface Parsed {
  flags: Map<string, string>;
  positionals: string[];
}

/** Parses `args` against `specs` (flag name without dashes → spec). Returns a message on a mistake. */
export function parseArgs(args: readonly string[], specs: Readonly<Record<string, FlagSpec>>): Parsed | string {
  const flags = new Map<string, string>();
  const positionals: string[] = [];
  const valid = (): string => Object.keys(specs).map((f) => `--${f}`).join(", ");
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-h") {
      if (!("help" in specs)) return `unknown flag '-h'. Valid flags: ${valid()}`;
      flags.set("help", "true");
      continue;
    }
    if (a === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("--")) {
      if (a.startsWith("-") && a.length > 1 && !/^-\d/.test(a)) return `unknown flag '${a}'. Valid flags: ${valid()}`;
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const spec = specs[name];
    if (spec === undefined || !Object.hasOwn(specs, name)) return `unknown flag '--${name}'. Valid flags: ${valid()}`;
    if (spec.bool) {
      if (eq >= 0) return `flag '--${name}' takes no value (got '${a}')`;
      flags.set(name, "true");
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = a.slice(eq + 1);
    else {
      value = args[i + 1];
      // `--epochs --seed 3` is a missing value, not an epochs of "--seed"; "-1" is a value.
      if (value !== undefined && value.startsWith("--")) value = undefined;
      else i++;
    }
    if (value === undefined || value === "") return `flag '--${name}' needs a value`;
    flags.set(name, value);
  }
  return { flags, positionals };
}

/**
 * A whole number in [min, max] written in plain decimal digits ("3", not "3.0", "1e3" or "-1").
 * Returns the number, or a message naming the flag and what was given.
 */
export function parseWhole(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number | string {
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
  const what = `--${flag} must be a whole number ${range}, got '${text}'`;
  if (!/^\d+$/.test(text)) {
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
      const n = Number(text);
      if (!Number.isInteger(n)) return `${what} (not a whole number)`;
      if (n < min) return `${what} (too small)`;
    }
    return what;
  }
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n > max) return `${what} (too large)`;
  if (n < min) return `${what} (too small)`;
  return n;
}

/**
 * Lays out rows as left-aligned columns (right-aligned where `right[i]`), two spaces apart.
 * With `rule`, a line of ─ under each column of the first row (the header) follows it.
 */
export function columns(rows: readonly (readonly string[])[], right: readonly boolean[] = [], rule = false): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, textWidth(cell))));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = " ".repeat((widths[i] ?? 0) - textWidth(cell));
        if (right[i]) return pad + cell;
        return i === row.length - 1 ? cell : cell + pad;
      })
      .join("  ")
      .trimEnd(),
  );
  if (rule && lines.length) {
    // The last column is often long free text: its rule stops at 40 columns (or its header).
    const last = widths.length - 1;
    const ruleWidths = widths.map((w, i) => (i === last ? Math.min(w, Math.max(40, textWidth(rows[0]![i] ?? ""))) : w));
    lines.splice(1, 0, ruleWidths.map((w) => "─".repeat(w)).join("  "));
  }
  return lines;
}

/** Display width of plain text (code points; the symbols used here are all one column wide). */
export function textWidth(s: string): number {
  return [...s].length;
}
