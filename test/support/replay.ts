/**
 * Replays a fixture's steps (test/fixtures/FORMAT.md) through nninit's public API: the
 * TypeScript twin of the Runner in scripts/fixtures/gen_rng_init.py.
 */
import * as N from "../../src/index.js";
import type { Generator, Tensor } from "../../src/index.js";
import type { Step } from "./fixtures.js";

export type Output = ArrayLike<number> | ArrayLike<bigint>;

/** JSON numbers, with non-finite values written as {"float": "nan" | "inf" | "-inf"}. */
function num(v: unknown): unknown {
  if (v !== null && typeof v === "object" && "float" in v) {
    const f = (v as { float: string }).float;
    return f === "nan" ? NaN : f === "inf" ? Infinity : -Infinity;
  }
  return v;
}

function seedOf(s: unknown): bigint {
  return BigInt(s as string);
}

export class Replayer {
  readonly outputs: Output[] = [];
  private readonly generators = new Map<string, Generator>();

  private gen(step: Step): Generator | undefined {
    if (step.generator === undefined) return undefined;
    const g = this.generators.get(step.generator as string);
    if (!g) throw new Error(`fixture uses generator ${String(step.generator)} before creating it`);
    return g;
  }

  private genOrDefault(step: Step): Generator {
    return this.gen(step) ?? N.default_generator;
  }

  run(steps: Step[]): Output[] {
    for (const step of steps) {
      const result = this.step(step);
      if (step.out) {
        if (result === undefined) throw new Error(`step ${step.op} has out but no result`);
        this.outputs.push(result);
      }
    }
    return this.outputs;
  }

  private step(s: Step): Output | undefined {
    const dtype = s.dtype as N.DType | undefined;
    const g = this.gen(s);
    switch (s.op) {
      case "manual_seed":
        N.manual_seed(seedOf(s.seed));
        return undefined;
      case "generator": {
        const gen = new N.Generator();
        if (s.seed !== undefined) gen.manual_seed(seedOf(s.seed));
        this.generators.set(s.name as string, gen);
        return undefined;
      }
      case "rand":
        return N.rand(s.size as number[], { dtype: dtype as "float32", generator: g }).data;
      case "randn":
        return N.randn(s.size as number[], { dtype: dtype as "float32", generator: g }).data;
      case "randint":
        return N.randint(BigInt(s.low as string), BigInt(s.high as string), s.size as number[], { dtype, generator: g }).data;
      case "randperm":
        return N.randperm(s.n as number, { generator: g }).data;
      case "empty":
        return N.empty(s.shape as number[]).data;
      case "init":
        return this.init(s).data;
      case "calculate_gain": {
        const args: [N.nn.init.Nonlinearity, number?] = [s.nonlinearity as N.nn.init.Nonlinearity];
        if ("param" in s) args.push(s.param as number);
        return new Float64Array([N.nn.init.calculate_gain(...args)]);
      }
      case "fans":
        return BigInt64Array.from(N.nn.init.calculate_fan_in_and_fan_out(N.empty(s.shape as number[])), BigInt);
      case "get_rng_state":
        return this.genOrDefault(s).get_state();
      case "set_rng_state": {
        let bytes: Uint8Array;
        if (s.bytes_hex !== undefined) bytes = new Uint8Array(Buffer.from(s.bytes_hex as string, "hex"));
        else {
          bytes = Uint8Array.from(this.outputs[s.from_output as number] as ArrayLike<number>);
          for (const p of (s.patch as { offset: number; hex: string }[] | undefined) ?? []) {
            bytes.set(Buffer.from(p.hex, "hex"), p.offset);
          }
        }
        this.genOrDefault(s).set_state(bytes);
        return undefined;
      }
      case "initial_seed":
        return BigInt64Array.of(BigInt.asIntN(64, this.genOrDefault(s).initial_seed()));
      default:
        throw new Error(`unknown fixture op ${s.op}`);
    }
  }

  private init(s: Step): Tensor {
    const t = N.empty(s.shape as number[], { dtype: (s.dtype as N.DType | undefined) ?? "float32" });
    const kw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((s.kwargs as Record<string, unknown>) ?? {})) {
      kw[k] = k === "generator" ? this.generators.get(v as string) : num(v);
    }
    const init = N.nn.init as unknown as Record<string, (...a: unknown[]) => Tensor>;
    const fn = s.fn as string;
    const f = init[fn];
    if (!f) throw new Error(`nn.init.${fn} is missing`);
    // PyTorch's positional arguments after the tensor become positional here too.
    switch (fn) {
      case "constant_": {
        const { val } = kw;
        return f(t, val);
      }
      case "sparse_": {
        const { sparsity, ...rest } = kw;
        return f(t, sparsity, rest);
      }
      default:
        return f(t, kw);
    }
  }
}
