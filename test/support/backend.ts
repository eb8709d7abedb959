/** Test helper: run a function on one kernel backend, then restore the one that was active. */
import { get_backend, set_backend } from "../../src/kernels/index.js";

export function on<T>(backend: string, fn: () => T): T {
  const saved = get_backend();
  set_backend(backend);
  try {
    return fn();
  } finally {
    set_backend(saved);
  }
}
