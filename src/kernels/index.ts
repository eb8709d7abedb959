/**
 * The active kernel set. Plain TypeScript is the default and the fallback; the WebAssembly
 * backend registers itself here when it lands, and `set_backend` switches at run time.
 */
import { ValueError, show } from "../errors/index.js";
import { sgemmTs } from "./ts-gemm.js";
import type { Kernels } from "./types.js";

export type { Kernels } from "./types.js";

const tsKernels: Kernels = { name: "ts", sgemm: sgemmTs };
const registry = new Map<string, Kernels>([["ts", tsKernels]]);
let active: Kernels = tsKernels;

/** The kernels every op calls. */
export function kernels(): Kernels {
  return active;
}

export function register_backend(k: Kernels): void {
  registry.set(k.name, k);
}

/** Selects a registered backend by name ("ts" is always available). */
export function set_backend(name: string): void {
  const k = registry.get(name);
  if (!k) throw new ValueError(`set_backend: unknown backend ${show(name)}. Available: ${[...registry.keys()].map((n) => show(n)).join(", ")}.`);
  active = k;
}

export function get_backend(): string {
  return active.name;
}
