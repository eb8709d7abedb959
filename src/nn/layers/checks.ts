/** Constructor argument checks shared by the layers. */
import { ValueError, show } from "../../errors/index.js";

/** Every named size must be a non-negative integer. */
export function checkFeatures(layer: string, sizes: Record<string, unknown>): void {
  for (const [name, v] of Object.entries(sizes)) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      throw new ValueError(`${layer}: ${name} must be a non-negative integer, got ${show(v)}.`);
    }
  }
}
