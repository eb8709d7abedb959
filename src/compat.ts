/**
 * The one switch for PyTorch-version behaviour (spec §14). The default is the newest
 * PyTorch; `"1.13"` reproduces PyTorch 1.13 (as Debian's `python3-torch` 1.13.1 builds it).
 *
 * | behaviour | "1.13" | "2.12" (default, "latest") |
 * |---|---|---|
 * | `trunc_normal_` | inverse CDF + `erfinv_` | rejection sampling (PR #174997, from 2.12) |
 * | `randint` uses `random64()` when | range ≥ 2^32 (int64/float types) | range ≥ 2^28 (any dtype) |
 * | `uniform_` result equal to `to` | kept | mapped to `from` |
 * | scalar normal (n < 16) radius | `log(1 - u)` | `log1p(-u)` |
 * | `erfinv` Newton constant 2/√π | `2/fround(√π)` | `2·fround(1/√π)` |
 * | `randperm(n)`, n ≥ 214 748 365 | Fisher–Yates | inside-out with `random64()` |
 * | `set_rng_state` of 5048 legacy bytes | accepted | rejected |
 *
 * Releases 2.0–2.11 mix these: they have the 2.x changes but still the inverse-CDF
 * `trunc_normal_` (with MKL's `erfinv` in the official x86 wheels). Use `"2.11"` for them.
 */
import { ValueError, show } from "./errors/index.js";

export const PYTORCH_VERSIONS = ["1.13", "2.11", "2.12"] as const;
export type PytorchVersion = (typeof PYTORCH_VERSIONS)[number];

let current: PytorchVersion = "2.12";

/** Selects which PyTorch release's random streams nninit reproduces. `"latest"` means `"2.12"`. */
export function set_pytorch_version(version: PytorchVersion | "latest"): void {
  const v = version === "latest" ? "2.12" : version;
  if (!(PYTORCH_VERSIONS as readonly string[]).includes(v)) {
    throw new ValueError(
      `set_pytorch_version: version=${show(version)} is not supported. Use one of ${PYTORCH_VERSIONS.map((x) => show(x)).join(", ")} or "latest".`,
    );
  }
  current = v as PytorchVersion;
}

export function get_pytorch_version(): PytorchVersion {
  return current;
}

/** Runs `fn` with another PyTorch version selected, restoring the previous one afterwards. */
export function with_pytorch_version<T>(version: PytorchVersion | "latest", fn: () => T): T {
  const saved = current;
  set_pytorch_version(version);
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/** The behaviour flags each version implies; kernels read these, never the version string. */
export const behaviour = {
  /** 2.x: a uniform_ result that rounds to `to` is returned as `from`. */
  uniformMapsToToFrom: (): boolean => current !== "1.13",
  /** 2.x: the scalar Box–Muller uses `log1p(-u)` instead of `log(1 - u)`. */
  scalarNormalLog1p: (): boolean => current !== "1.13",
  /** 2.12+: rejection-sampling `trunc_normal_`. */
  truncNormalRejection: (): boolean => current === "2.12",
  /** 2.x: `erfinv`'s Newton step uses 2·fround(1/√π); 1.13 uses 2/fround(√π). */
  erfinvNewK: (): boolean => current !== "1.13",
  /** Official 2.x x86 wheels link MKL, whose `vsErfInv` replaces ATen's `calc_erfinv`. */
  erfinvMkl: (): boolean => current !== "1.13",
  /** `randint`'s switch to `random64()`: 2^32 for 1.13 (int64/float types only), 2^28 for 2.x. */
  randint64Threshold: (): number => (current === "1.13" ? 2 ** 32 : 2 ** 28),
  /** The C type PyTorch's "Overflow when unpacking …" message names: `long` in 1.13, `long long` in 2.x. */
  unpackTypeName: (): string => (current === "1.13" ? "long" : "long long"),
  /** 2.x prints `bias=` in BatchNorm/LayerNorm reprs; 1.13 does not. */
  normReprHasBias: (): boolean => current !== "1.13",
  /** 1.13 also accepts the 5048-byte legacy state (no float normal cache) in `set_rng_state`. */
  acceptsLegacyState: (): boolean => current === "1.13",
  /** 2.x: `randperm(n)` switches algorithm at n ≥ 214 748 365. */
  randpermInsideOut: (): boolean => current !== "1.13",
};
