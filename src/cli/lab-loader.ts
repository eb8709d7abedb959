/**
 * Loads the lab (src/lab/index.ts: runLab, listStudies) and the report (src/lab/report/index.ts:
 * renderReport) when a command needs them, so `nninit sample` and `nninit inspect` start fast.
 *
 * The default runner runs the lab in a worker thread: the lab computes synchronously for minutes,
 * and a worker keeps the main thread free to draw progress and to act on Ctrl-C at once (it
 * terminates the worker; the results files are only written after a complete run).
 */
import { Worker } from "node:worker_threads";
import type { LabOptions, ProgressEvent, StudyInfo } from "../lab/api.js";
import type { LabResults } from "../lab/types.js";
import type { LabDeps, LabRunner } from "./io.js";

export const LAB_MODULE = new URL("../lab/index.js", import.meta.url).href;
export const REPORT_MODULE = new URL("../lab/report/index.js", import.meta.url).href;
const WORKER = new URL("./lab-worker.js", import.meta.url);

export interface LabModule {
  runLab(options: LabOptions): LabResults | Promise<LabResults>;
  listStudies(): StudyInfo[];
}

/** Thrown when this build of nninit lacks a part of the lab. */
export class LabUnavailableError extends Error {
  override name = "LabUnavailableError";
}

async function load<T>(url: string, what: string, names: string[]): Promise<T> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes(new URL(url).pathname)) {
      throw new LabUnavailableError(`${what} is not part of this build of nninit (${new URL(url).pathname} is missing).`);
    }
    throw e;
  }
  for (const n of names) {
    if (typeof mod[n] !== "function") throw new LabUnavailableError(`${what} (${new URL(url).pathname}) does not export ${n}().`);
  }
  return mod as T;
}

export function loadLab(url = LAB_MODULE): Promise<LabModule> {
  return load<LabModule>(url, "the lab", ["runLab", "listStudies"]);
}

export async function loadRenderer(url = REPORT_MODULE): Promise<LabDeps["renderReport"]> {
  const mod = await load<{ renderReport: LabDeps["renderReport"] }>(url, "the HTML report", ["renderReport"]);
  return mod.renderReport;
}

/** Messages from lab-worker.ts. */
export type WorkerMessage =
  | { kind: "progress"; event: ProgressEvent }
  | { kind: "done"; results: LabResults }
  | { kind: "error"; name: string; message: string; stack?: string };

/** A LabRunner that runs `runLab` from `labModule` in a worker thread and relays its progress. */
export function workerRunner(labModule = LAB_MODULE): LabRunner {
  return (options, signal) =>
    new Promise<LabResults>((resolve, reject) => {
      const { onProgress, ...plain } = options;
      const worker = new Worker(WORKER, { workerData: { labModule, options: plain } });
      let settled = false;
      const settle = (f: () => void): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        f();
      };
      const onAbort = (): void => {
        void worker.terminate();
        settle(() => reject(signal.reason instanceof Error ? signal.reason : new Error("interrupted")));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      worker.on("message", (m: WorkerMessage) => {
        if (m.kind === "progress") onProgress?.(m.event);
        else if (m.kind === "done") settle(() => resolve(m.results));
        else {
          const e = new Error(m.message);
          e.name = m.name;
          if (m.stack) e.stack = m.stack;
          settle(() => reject(e));
        }
      });
      worker.on("error", (e) => settle(() => reject(e)));
      worker.on("exit", (code) => settle(() => reject(new Error(`the lab's worker stopped unexpectedly (exit code ${code})`))));
    });
}

/** A LabRunner that calls `runLab` on this thread (Ctrl-C then acts only between studies' awaits). */
export function inThreadRunner(labModule = LAB_MODULE): LabRunner {
  return async (options) => (await loadLab(labModule)).runLab(options);
}
