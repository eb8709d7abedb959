/**
 * Hyper-parameter checks with PyTorch's conditions and messages (torch/optim/sgd.py, adam.py),
 * each followed by the fix. The conditions are copied literally because they differ on NaN:
 * SGD tests `lr < 0` (NaN passes), Adam tests `not 0.0 <= lr` (NaN fails).
 */
import { ArgumentTypeError, ValueError, show } from "../errors/index.js";

/** A number as Python prints it in these messages: `nan`, `inf`, `-1`, `0.5`. */
export function pyNum(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return show(x);
}

/** Throws unless `value` is a number; `where` names the optimiser, e.g. "SGD". */
export function requireNumber(value: unknown, name: string, where: string): number {
  if (typeof value !== "number") {
    throw new ArgumentTypeError(`${where}: ${name} must be a number, got ${typeof value} ${show(value)}.`);
  }
  return value;
}

export function requireBoolean(value: unknown, name: string, where: string): boolean {
  if (typeof value !== "boolean") {
    throw new ArgumentTypeError(`${where}: ${name} must be true or false, got ${show(value)}.`);
  }
  return value;
}

/** `raise ValueError(f"Invalid learning rate: {lr}")` when `bad`. */
export function checkLr(lr: number, bad: boolean): void {
  if (bad) throw new ValueError(`Invalid learning rate: ${pyNum(lr)}. The learning rate must be a number >= 0, e.g. lr: 0.01.`);
}

export function checkWeightDecay(weight_decay: number, bad: boolean): void {
  if (bad) {
    throw new ValueError(`Invalid weight_decay value: ${pyNum(weight_decay)}. weight_decay must be >= 0 (0 turns it off).`);
  }
}

export function checkMomentum(momentum: number): void {
  if (momentum < 0) throw new ValueError(`Invalid momentum value: ${pyNum(momentum)}. momentum must be >= 0 (0 turns it off), e.g. 0.9.`);
}

export function checkEps(eps: number): void {
  if (!(0 <= eps)) throw new ValueError(`Invalid epsilon value: ${pyNum(eps)}. eps must be >= 0, e.g. 1e-8.`);
}

/** Adam's `betas`: a pair, each in [0, 1). */
export function checkBetas(betas: unknown, where: string): [number, number] {
  if (!Array.isArray(betas) || betas.length !== 2 || betas.some((b) => typeof b !== "number")) {
    throw new ArgumentTypeError(`${where}: betas must be a pair of numbers [beta1, beta2], got ${show(betas)}. The default is [0.9, 0.999].`);
  }
  betas.forEach((b: number, i) => {
    if (!(0 <= b && b < 1)) {
      throw new ValueError(`Invalid beta parameter at index ${i}: ${pyNum(b)}. Each beta must be in [0, 1), e.g. betas: [0.9, 0.999].`);
    }
  });
  return [betas[0], betas[1]];
}
