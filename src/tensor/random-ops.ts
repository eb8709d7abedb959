/**
 * The in-place random fills of a tensor, `Tensor.uniform_` / `normal_` in PyTorch, with
 * ATen's argument checks (`aten/src/ATen/native/DistributionTemplates.h`). Every check
 * runs before the first draw, so a rejected call changes nothing and consumes nothing.
 */
import { ArgumentTypeError, RuntimeError, ShapeError, show } from "../errors/index.js";
import { resolveGenerator } from "../random/default.js";
import type { Generator } from "../random/generator.js";
import { fillNormal } from "../random/normal.js";
import { fillUniform32, fillUniform64 } from "../random/uniform.js";
import { floatMax, type FloatDType } from "./dtype.js";
import type { Tensor } from "./tensor.js";

export interface GeneratorOption {
  generator?: Generator | undefined;
}

const CXX_NAME: Record<FloatDType, string> = { float32: "float", float64: "double" };

export function requireFloat(t: Tensor, fnName: string): asserts t is Tensor<FloatDType> {
  if (t.dtype !== "float32" && t.dtype !== "float64") {
    throw new ShapeError(
      `${fnName}: "${fnName}" not implemented for '${t.dtype}'. Use a float32 or float64 tensor.`,
    );
  }
}

export function requireNumber(value: unknown, argName: string, fnName: string): number {
  if (typeof value !== "number") {
    throw new ArgumentTypeError(`${fnName}: ${argName} must be a number, got ${typeof value} ${show(value)}.`);
  }
  return value;
}

/** `uniform_impl_`'s checks: both bounds finite in the dtype, from <= to, to - from in range. */
export function checkUniformBounds(t: Tensor<FloatDType>, from: number, to: number, fnName: string): void {
  const max = floatMax(t.dtype);
  for (const [name, v] of [["from", from], ["to", to]] as const) {
    if (!(v >= -max && v <= max)) {
      throw new RuntimeError(
        `${fnName}: ${name} is out of bounds for ${t.dtype}: ${name}=${show(v)}. Both bounds must be finite ${t.dtype} values.`,
      );
    }
  }
  if (!(from <= to)) {
    throw new RuntimeError(
      `${fnName}: uniform_ expects to return a [from, to) range, but found from=${show(from)} > to=${show(to)}. Swap the bounds.`,
    );
  }
  if (!(to - from <= max)) {
    throw new RuntimeError(
      `${fnName}: uniform_ expects to-from <= std::numeric_limits<${CXX_NAME[t.dtype]}>::max(), but found to=${show(to)} and from=${show(from)} which result in to-from to exceed the limit. Narrow the range.`,
    );
  }
}

/** `normal_impl_`'s check: std >= 0 (std = 0 is allowed and gives the mean). */
export function checkNormalStd(std: number, fnName: string): void {
  if (!(std >= 0)) {
    throw new RuntimeError(`${fnName}: normal expects std >= 0.0, but found std ${show(std)}. Pass a non-negative std.`);
  }
}

/** Fills `t` with U[from, to) in place. */
export function uniformFill(t: Tensor, from: number, to: number, opts: GeneratorOption, fnName = "uniform_"): Tensor {
  requireFloat(t, fnName);
  requireNumber(from, "a", fnName);
  requireNumber(to, "b", fnName);
  checkUniformBounds(t, from, to, fnName);
  const gen = resolveGenerator(opts.generator, fnName);
  if (t.dtype === "float32") fillUniform32(gen, t.data as Float32Array, from, to);
  else fillUniform64(gen, t.data as Float64Array, from, to);
  return t;
}

/** Fills `t` with N(mean, std²) in place. */
export function normalFill(t: Tensor, mean: number, std: number, opts: GeneratorOption, fnName = "normal_"): Tensor {
  requireFloat(t, fnName);
  requireNumber(mean, "mean", fnName);
  requireNumber(std, "std", fnName);
  checkNormalStd(std, fnName);
  const gen = resolveGenerator(opts.generator, fnName);
  fillNormal(gen, t.data as Float32Array | Float64Array, mean, std);
  return t;
}
