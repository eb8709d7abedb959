/**
 * The end-of-lab summary for the terminal: a table of every run's final loss and test
 * accuracy, then each claim with ✓ or ✗, the measured figure and the band.
 */
import type { Claim, LabResults, Run, StudyResult } from "../lab/types.js";
import { columns } from "./args.js";
import { formatDuration } from "./progress.js";

/** A number as results.json may hold it: a number, or "NaN"/"Infinity"/"-Infinity", or null. */
type Num = number | string | null | undefined;

function num(v: Num): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return v;
  const n = Number(v);
  return Number.isNaN(n) && v !== "NaN" ? null : n;
}

export function formatLoss(v: Num): string {
  const n = num(v);
  if (n === null) return "—";
  if (!Number.isFinite(n)) return `${n} (diverged)`;
  return Math.abs(n) >= 1e4 || (n !== 0 && Math.abs(n) < 1e-3) ? n.toExponential(3) : n.toFixed(4);
}

export function formatAccuracy(v: Num): string {
  const n = num(v);
  if (n === null) return "—";
  if (!Number.isFinite(n)) return String(n);
  return `${(100 * n).toFixed(2)}%`;
}

function formatMeasured(v: Claim["measured"]): string {
  if (typeof v === "string") return v;
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(4) : String(Number(v.toPrecision(5)));
}

/** A run's label within its study: the init, plus whichever settings vary between the study's runs. */
export function runLabel(run: Run, study: StudyResult): string {
  const parts = [run.init];
  const varies = (f: (r: Run) => unknown): boolean => new Set(study.runs.map(f)).size > 1;
  if (varies((r) => r.activation)) parts.push(run.activation);
  if (varies((r) => r.depth)) parts.push(`depth ${run.depth}`);
  if (varies((r) => r.width)) parts.push(`width ${run.width}`);
  if (varies((r) => r.optimizer)) parts.push(run.optimizer);
  if (varies((r) => r.seed)) parts.push(`seed ${run.seed}`);
  return parts.join(" · ");
}

export function formatResultsTable(results: LabResults): string {
  const rows: string[][] = [["study", "run", "final loss", "test acc"]];
  for (const s of results.studies) {
    s.runs.forEach((r, i) => {
      rows.push([i === 0 ? s.id : "", runLabel(r, s), formatLoss(r.final.train_loss as Num), formatAccuracy(r.final.test_accuracy as Num)]);
    });
    if (s.runs.length === 0) rows.push([s.id, "(no runs)", "—", "—"]);
  }
  return columns(rows, [false, false, true, true], true).join("\n") + "\n";
}

export function formatClaims(results: LabResults): string {
  const out: string[] = [];
  let held = 0;
  let total = 0;
  for (const s of results.studies) {
    for (const c of s.claims) {
      total++;
      if (c.holds) held++;
      out.push(`  ${c.holds ? "✓" : "✗"} [${s.id}] ${c.text}`);
      out.push(`      measured ${formatMeasured(c.measured)}, band ${c.band}${c.holds ? "" : "  ← DOES NOT HOLD"}`);
      if (!c.holds && c.note) out.push(`      ${c.note}`);
    }
  }
  if (total === 0) return "No claims were checked.\n";
  const failed = total - held;
  const tail = failed === 0 ? `All ${total} claims hold.` : `${held} of ${total} claims hold; ${failed} ${failed === 1 ? "does" : "do"} not (marked ✗ above).`;
  return `Claims\n${out.join("\n")}\n${tail}\n`;
}

export function formatSummary(results: LabResults): string {
  const d = results.data;
  const head =
    `Results: seed ${results.seed}, ${d.dataset} (${d.source}: ${d.train_size} training / ${d.test_size} test images), ` +
    `${formatDuration(results.timings.total_seconds)}\n\n`;
  return head + formatResultsTable(results) + "\n" + formatClaims(results);
}
