/**
 * Progress display for `nninit lab`, drawn from the lab's ProgressEvents on stderr.
 *
 * On a terminal one line is redrawn in place (`\r`, then erase to the end of the line): the
 * whole lab's bar with elapsed time and ETA, then the current study and run with its own bar.
 * A finished study leaves a permanent line above it. Elsewhere (a pipe, a CI log) plain lines
 * are printed now and then instead: each study's start and end, and a status line at most every
 * `logInterval` seconds.
 */
import type { ProgressEvent } from "../lab/api.js";

export interface ProgressOptions {
  write(s: string): void;
  /** Whether `write` goes to a terminal. */
  tty: boolean;
  /** Terminal width (default 80). */
  columns?: number;
  /** Milliseconds clock (default performance.now). */
  now?: () => number;
  /** Minimum milliseconds between redraws on a terminal (default 100). */
  redrawMs?: number;
  /** Minimum seconds between status lines off a terminal (default 15). */
  logInterval?: number;
}

/** "0.4s", "12s", "3m05s", "1h02m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) {
    const s = Math.round(seconds);
    return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  }
  const m = Math.round(seconds / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A bar `width` cells wide, filled to `fraction` with eighth-cell resolution. */
export function bar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = full < width ? EIGHTHS[eighths % 8]! : "";
  return "█".repeat(full) + part + "░".repeat(width - full - (part ? 1 : 0));
}

const pct = (f: number): string => `${Math.floor(100 * Math.min(1, Math.max(0, f)))}%`.padStart(4);

export class LabProgress {
  readonly #o: Required<ProgressOptions>;
  #start: number;
  #total = 0;
  #base = 0; // units of the studies finished before the current one
  #studyUnits = 0;
  #studyDone = 0; // units of the current study's finished runs
  #runUnits = 0;
  #runDone = 0;
  #study = "";
  #title = "";
  #index = 0;
  #count = 0;
  #run = "";
  #lastDraw = -Infinity;
  #lastLog: number;
  #drawn = false; // a live line is on screen

  constructor(options: ProgressOptions) {
    this.#o = {
      columns: 80,
      now: () => performance.now(),
      redrawMs: 100,
      logInterval: 15,
      ...options,
    };
    this.#start = this.#o.now();
    this.#lastLog = this.#start;
  }

  /** Fraction of the whole lab done, 0…1. */
  get fraction(): number {
    if (this.#total <= 0) return 0;
    const done = this.#base + this.#studyDone + Math.min(this.#runDone, this.#runUnits || this.#runDone);
    return Math.min(1, Math.max(0, done / this.#total));
  }

  /** Seconds left, estimated from the rate so far; null until there is enough to go on. */
  eta(): number | null {
    const elapsed = this.#elapsed();
    const f = this.fraction;
    if (f < 0.005 || f >= 1 || elapsed < 1) return null;
    return (elapsed * (1 - f)) / f;
  }

  #elapsed(): number {
    return (this.#o.now() - this.#start) / 1000;
  }

  handle(e: ProgressEvent): void {
    switch (e.type) {
      case "lab-start":
        this.#start = this.#o.now();
        this.#lastLog = this.#start;
        this.#total = e.total_units;
        this.#count = e.studies.length;
        if (!this.#o.tty) this.#line(`lab: running ${e.studies.length} ${e.studies.length === 1 ? "study" : "studies"}: ${e.studies.join(", ")}`);
        break;
      case "study-start":
        this.#study = e.study;
        this.#title = e.title;
        this.#index = e.index;
        this.#count = e.total;
        this.#studyUnits = e.units;
        this.#studyDone = 0;
        this.#runUnits = 0;
        this.#runDone = 0;
        this.#run = "";
        if (!this.#o.tty) this.#line(`lab: [${this.#position()}] ${e.study}: ${e.title}`);
        break;
      case "run-start":
        this.#run = e.run;
        this.#runUnits = e.units;
        this.#runDone = 0;
        break;
      case "progress":
        this.#run = e.run;
        this.#runUnits = e.units;
        this.#runDone = e.done;
        break;
      case "run-end":
        this.#studyDone += this.#runUnits;
        this.#runUnits = 0;
        this.#runDone = 0;
        break;
      case "study-end": {
        this.#base += this.#studyUnits || this.#studyDone;
        this.#studyUnits = 0;
        this.#studyDone = 0;
        this.#runUnits = 0;
        this.#runDone = 0;
        this.#run = "";
        const eta = this.eta();
        const status = `${pct(this.fraction).trim()} of the lab${eta === null ? "" : `, ETA ${formatDuration(eta)}`}`;
        if (this.#o.tty) {
          this.clear();
          this.#o.write(`  ✔ [${this.#position()}] ${e.study} (${formatDuration(e.seconds)})\n`);
        } else this.#line(`lab: [${this.#position()}] ${e.study} done in ${formatDuration(e.seconds)}; ${status}`);
        break;
      }
      case "lab-end":
        if (this.#o.tty) this.clear();
        this.#o.write(`lab: finished in ${formatDuration(e.seconds)}\n`);
        return;
    }
    this.#tick(e.type === "progress");
  }

  #position(): string {
    return `${this.#index + 1}/${this.#count}`;
  }

  #line(s: string): void {
    this.#o.write(s + "\n");
    this.#lastLog = this.#o.now();
  }

  #tick(throttled: boolean): void {
    const now = this.#o.now();
    if (this.#o.tty) {
      if (throttled && now - this.#lastDraw < this.#o.redrawMs) return;
      this.#lastDraw = now;
      this.#o.write(`\r${this.status(this.#o.columns - 1)}\x1b[K`);
      this.#drawn = true;
    } else if (now - this.#lastLog >= this.#o.logInterval * 1000 && this.#total > 0) {
      this.#line(`lab: ${this.status(Infinity)}`);
    }
  }

  /** The status line, cut to `width` columns. */
  status(width: number): string {
    const eta = this.eta();
    const head = `lab ${bar(this.fraction, 20)}${pct(this.fraction)} ${formatDuration(this.#elapsed())}${eta === null ? "" : ` ETA ${formatDuration(eta)}`}`;
    let line = head;
    if (this.#study) {
      line += ` │ ${this.#position()} ${this.#study}`;
      if (!this.#run) line += `: ${this.#title}`;
      else {
        const runF = this.#runUnits > 0 ? this.#runDone / this.#runUnits : 0;
        line += ` · ${this.#run} ${bar(runF, 10)}${pct(runF)}`;
      }
    }
    const chars = [...line];
    return chars.length <= width ? line : chars.slice(0, Math.max(0, width - 1)).join("") + "…";
  }

  /** Erases the live line on a terminal so that other output can follow cleanly. */
  clear(): void {
    if (this.#o.tty && this.#drawn) this.#o.write("\r\x1b[K");
    this.#drawn = false;
  }
}
