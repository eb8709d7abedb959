/** Shapes: parsing PyTorch's two calling styles, `f(3, 4)` and `f([3, 4])`, and validation. */
import { ArgumentTypeError, ShapeError, show } from "../errors/index.js";

export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Checks every dimension is a non-negative integer, as `torch.empty` does. */
export function checkShape(shape: readonly unknown[], fnName: string): number[] {
  shape.forEach((d, i) => {
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new ArgumentTypeError(
        `${fnName}: size[${i}] = ${show(d)} is not an integer. Sizes are whole numbers, e.g. ${fnName}(3, 4) or ${fnName}([3, 4]).`,
      );
    }
    if (d < 0) {
      throw new ShapeError(
        `${fnName}: Trying to create tensor with negative dimension ${d}: ${show(shape)}. Every size must be >= 0.`,
      );
    }
  });
  return shape.slice() as number[];
}

function isOptions(x: unknown): x is object {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/**
 * Splits `(...sizes, options?)` or `(sizes[], options?)` into a validated shape and options.
 */
export function parseShapeArgs<O extends object>(args: readonly unknown[], fnName: string): [number[], O] {
  let rest = args;
  let options = {} as O;
  if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
    options = rest[rest.length - 1] as O;
    rest = rest.slice(0, -1);
  }
  if (rest.length === 1 && Array.isArray(rest[0])) return [checkShape(rest[0], fnName), options];
  if (rest.some((a) => Array.isArray(a))) {
    throw new ArgumentTypeError(
      `${fnName}: pass sizes either as numbers, ${fnName}(3, 4), or as one array, ${fnName}([3, 4]); got ${show(rest)}.`,
    );
  }
  return [checkShape(rest, fnName), options];
}
