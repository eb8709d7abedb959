/**
 * The lab's programmatic entry points, shared by the CLI and by users' own scripts.
 * `runLab` is implemented in ./runner.ts; this file only fixes the contract.
 */
import type { LabResults } from "./types.js";

export interface LabOptions {
  /** Study ids to run; empty or omitted means the default set. "all" means every study. */
  studies?: string[];
  /** Directory holding the Fashion-MNIST IDX files (else NNINIT_DATA, the Debian copy, or the embedded subset). */
  data?: string;
  /** Use the complete dataset when one is installed (default: the embedded subset, for speed). */
  full?: boolean;
  /** Override every training study's number of epochs. */
  epochs?: number;
  /** The base seed (default 0). Each run derives its own seed from it deterministically. */
  seed?: number;
  /** Receives progress events; the CLI draws progress bars from them. */
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { type: "lab-start"; studies: string[]; total_units: number }
  | { type: "study-start"; study: string; title: string; index: number; total: number; units: number }
  | { type: "run-start"; study: string; run: string; units: number }
  | { type: "progress"; study: string; run: string; done: number; units: number }
  | { type: "run-end"; study: string; run: string; seconds: number }
  | { type: "study-end"; study: string; seconds: number }
  | { type: "lab-end"; seconds: number };

export interface StudyInfo {
  id: string;
  title: string;
  /** One-line description for `--list`. */
  description: string;
  /** Part of the default set (seed, symmetry, variance, depth). */
  default: boolean;
}

export type { LabResults };
