/** Test helpers for the worker pool: pick a thread count and wait until its workers can take tasks. */
import { set_num_threads } from "../../src/index.js";
import { helpers } from "../../src/kernels/wasm/pool.js";
import { wasmRuntime } from "../../src/kernels/wasm/runtime.js";

/** Sets the thread count and resolves once that many workers are ready (20 s at most). */
export async function useThreads(n: number): Promise<void> {
  const rt = wasmRuntime();
  if (!rt) throw new Error("wasm runtime missing: run `npm run build`");
  set_num_threads(n);
  for (let waited = 0; helpers(rt) < n - 1; waited += 5) {
    if (waited > 20_000) throw new Error(`workers not ready after 20 s (${helpers(rt)} of ${n - 1})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
