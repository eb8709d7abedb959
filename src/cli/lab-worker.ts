/** The worker thread behind `nninit lab` (see lab-loader.ts): runs runLab, posts progress and the results. */
import { parentPort, workerData } from "node:worker_threads";
import type { LabOptions } from "../lab/api.js";
import { loadLab, type WorkerMessage } from "./lab-loader.js";

const { labModule, options } = workerData as { labModule: string; options: LabOptions };
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);

try {
  const lab = await loadLab(labModule);
  const results = await lab.runLab({ ...options, onProgress: (event) => post({ kind: "progress", event }) });
  post({ kind: "done", results });
} catch (e) {
  const err = e instanceof Error ? e : new Error(String(e));
  post({ kind: "error", name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) });
}
