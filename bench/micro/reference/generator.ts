/**
 * FROZEN REFERENCE (bench/micro/reference): a minimal stand-in for src/random/generator.ts
 * and the compat flags, so the frozen copies of the original fill kernels compile on their own.
 * Copied from the original implementation before the performance work; do not optimise.
 */
import { MT19937 } from "./mt19937.js";

export type RefVersion = "1.13" | "2.11" | "2.12";
let current: RefVersion = "2.12";
export function setRefVersion(v: RefVersion): void {
  current = v;
}
export const behaviour = {
  uniformMapsToToFrom: (): boolean => current !== "1.13",
  scalarNormalLog1p: (): boolean => current !== "1.13",
};

export class Generator {
  readonly engine = new MT19937();
  nextDoubleNormal: number | null = null;
  constructor(seed32 = 0) {
    this.engine.seed(seed32 >>> 0);
  }
  random(): number {
    return this.engine.nextU32();
  }
  random53(): number {
    const hi = this.engine.nextU32() & 0x1fffff;
    const lo = this.engine.nextU32();
    return (hi * 4294967296 + lo) * 2 ** -53;
  }
}
