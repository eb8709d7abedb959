/**
 * `torch.optim.Optimizer`: parameter groups, per-parameter state, `zero_grad` and the
 * `step` loop (torch/optim/optimizer.py). Subclasses supply the update of one group.
 *
 * ```ts
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zero_grad(); loss.backward(); opt.step();
 * ```
 */
import { enable_grad, no_grad } from "../autograd/grad-mode.js";
import { ArgumentTypeError, ShapeError, ValueError, show } from "../errors/index.js";
import { warnOnce } from "../init/warn.js";
import { fillZero, isFloat, type FloatDType } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import type { FloatData } from "./pointwise.js";

/** The options every optimiser has. */
export interface BaseOptions {
  lr: number;
}

/** A parameter group as the user passes it: the parameters plus any options to override. */
export type GroupInput<O> = Partial<O> & { params: Iterable<Tensor> | Tensor };

/** What an optimiser accepts: parameters (one group) or parameter groups. */
export type ParamsInput<O> = Iterable<Tensor> | Iterable<GroupInput<O>>;

/** A group in `param_groups`: its parameters and every option, defaults filled in. */
export type ParamGroup<O> = O & {
  params: Tensor[];
  /** Set by the first learning-rate scheduler attached (`group.setdefault('initial_lr', lr)`). */
  initial_lr?: number;
};

/** A parameter with its gradient, ready for an update. */
export interface Slot {
  param: Tensor;
  data: FloatData;
  grad: FloatData;
  dtype: FloatDType;
}

/** `torch.typename` for an error message: `torch.FloatTensor`, `int`, `str`, … */
function typename(x: unknown): string {
  if (x instanceof Tensor) return x.dtype === "float64" ? "torch.DoubleTensor" : x.dtype === "float32" ? "torch.FloatTensor" : `torch.Tensor(${x.dtype})`;
  if (x === null || x === undefined) return "NoneType";
  if (typeof x === "number") return Number.isInteger(x) ? "int" : "float";
  if (typeof x === "string") return "str";
  if (typeof x === "boolean") return "bool";
  return (x as object).constructor?.name ?? typeof x;
}

function isGroupInput(x: unknown): x is GroupInput<unknown> {
  return typeof x === "object" && x !== null && !(x instanceof Tensor) && "params" in x;
}

export abstract class Optimizer<O extends BaseOptions = BaseOptions, S extends object = Record<string, unknown>> {
  readonly defaults: Readonly<O>;
  readonly param_groups: ParamGroup<O>[] = [];
  /** Per-parameter state, created lazily by the first `step()` that sees a gradient. */
  readonly state = new Map<Tensor, S>();
  /** Options with no default (1.13's `required` SGD `lr`): a group must name them. */
  readonly #required: readonly string[];
  /** Whether `step()` has run; schedulers warn if they step first (PyTorch's `_opt_called`). */
  #stepped = false;

  /**
   * @param params parameters, or groups `{ params, ...overrides }`
   * @param defaults every option, already validated by the subclass
   * @param required options without a default, which every group must then set
   */
  protected constructor(params: ParamsInput<O>, defaults: O, required: readonly (keyof O & string)[] = []) {
    this.defaults = Object.freeze({ ...defaults });
    this.#required = required;
    if (params instanceof Tensor) {
      throw new ArgumentTypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typename(params)}. Pass an array, e.g. [w] or model.parameters().`,
      );
    }
    if (params === null || typeof params !== "object" || !(Symbol.iterator in params)) {
      throw new ArgumentTypeError(`${this.constructor.name}: params must be an iterable of Tensors or of { params } groups, got ${show(params)}.`);
    }
    const list = Array.from(params as Iterable<unknown>);
    if (list.length === 0) {
      throw new ValueError("optimizer got an empty parameter list. Pass the tensors to train, e.g. model.parameters().");
    }
    const groups = isGroupInput(list[0]) ? list : [{ params: list }];
    for (const g of groups) this.add_param_group(g as GroupInput<O>);
  }

  /** Checks a group's options (the same checks the constructor applies to the defaults). */
  protected abstract checkOptions(options: O): void;

  /** Applies one update to the parameters of `group` that have a gradient. */
  protected abstract updateGroup(group: ParamGroup<O>, slots: Slot[]): void;

  /** Adds a group, e.g. to unfreeze layers during fine-tuning; unset options take the defaults. */
  add_param_group(group: GroupInput<O>): void {
    if (!isGroupInput(group)) {
      throw new ArgumentTypeError(`param_group must be a dict, but got ${typename(group)}. Pass { params: [...], ...options }.`);
    }
    const raw = group.params;
    if (raw instanceof Set) {
      throw new ArgumentTypeError(
        "optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.",
      );
    }
    const params = raw instanceof Tensor ? [raw] : Array.from(raw as Iterable<unknown>);
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw new ArgumentTypeError(`optimizer can only optimize Tensors, but one of the params is ${typename(p)}. Pass Parameters or leaf Tensors.`);
      }
      if (!p.is_leaf) throw new ValueError("can't optimize a non-leaf Tensor. Optimise the leaf it was computed from, or detach() it first.");
    }
    for (const name of this.#required) {
      if ((group as Record<string, unknown>)[name] === undefined) {
        throw new ValueError(`parameter group didn't specify a value of required optimization parameter ${name}. Pass it, e.g. { ${name}: 0.01 }.`);
      }
    }
    const merged = { ...this.defaults } as ParamGroup<O>;
    for (const [k, v] of Object.entries(group)) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    merged.params = params as Tensor[];
    this.checkOptions(merged);

    if (new Set(params).size !== params.length) {
      warnOnce(
        "optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information",
      );
    }
    const taken = new Set(this.param_groups.flatMap((g) => g.params));
    if (params.some((p) => taken.has(p as Tensor))) {
      throw new ValueError("some parameters appear in more than one parameter group. Give each parameter to one group only.");
    }
    this.param_groups.push(merged);
  }

  /**
   * Clears the gradients. `set_to_none` (the default, as in PyTorch 2.x) sets them to null, so
   * `step()` skips those parameters until a backward pass gives them a gradient again;
   * `false` zeroes them in place instead (PyTorch 1.13's default).
   */
  zero_grad(set_to_none = true): void {
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const grad = p._peekGrad();
        if (grad === null) continue;
        if (set_to_none) {
          p._dropGrad(); // its storage serves the next backward if no one else saw it
        } else {
          grad.grad_fn = null;
          grad.requires_grad = false;
          fillZero(grad.data as FloatData);
        }
      }
    }
  }

  /**
   * One optimisation step over every group. A `closure` that re-evaluates the model and
   * returns the loss runs first, with gradient recording on; its result is returned.
   * The update itself runs under `no_grad`.
   */
  step<L>(closure?: () => L): L | undefined {
    const loss = closure ? enable_grad(closure) : undefined;
    this.#stepped = true;
    no_grad(() => {
      for (const group of this.param_groups) this.updateGroup(group, this.#slots(group));
    });
    return loss;
  }

  /** @internal Whether `step()` has been called (for the scheduler's order warning). */
  get _opt_called(): boolean {
    return this.#stepped;
  }

  /** The state of `param`, created by `init` on first use. */
  protected stateOf(param: Tensor, init: () => S): S {
    let s = this.state.get(param);
    if (s === undefined) {
      s = init();
      this.state.set(param, s);
    }
    return s;
  }

  /** The group's parameters that have a gradient, in order; the others are skipped. */
  #slots(group: ParamGroup<O>): Slot[] {
    const slots: Slot[] = [];
    for (const param of group.params) {
      const grad = param._peekGrad(); // read for this step only: not shown
      if (grad === null) continue;
      if (!isFloat(param.dtype)) {
        throw new ShapeError(`${this.constructor.name}: can only update floating-point parameters; this one is ${param.dtype}.`);
      }
      if (grad.dtype !== param.dtype || grad.numel() !== param.numel()) {
        throw new ShapeError(
          `${this.constructor.name}: a gradient of shape ${show(grad.shape)} (${grad.dtype}) does not match its parameter of shape ${show(param.shape)} (${param.dtype}).`,
        );
      }
      slots.push({ param, data: param.data as FloatData, grad: grad.data as FloatData, dtype: param.dtype });
    }
    return slots;
  }

  /** PyTorch's repr: one block per group listing its options. */
  toString(): string {
    const blocks = this.param_groups.map((g, i) => {
      const keys = Object.keys(g).filter((k) => k !== "params").sort();
      return `Parameter Group ${i}\n${keys.map((k) => `    ${k}: ${show((g as unknown as Record<string, unknown>)[k])}`).join("\n")}`;
    });
    return `${this.constructor.name} (\n${blocks.join("\n")}\n)`;
  }
}
