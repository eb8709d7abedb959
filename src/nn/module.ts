/**
 * `nn.Module`. Parameters, buffers and submodules are found by walking the module's own
 * properties in definition order, which is the order PyTorch registers them in `__init__`,
 * so `named_parameters()` gives PyTorch's dotted paths in PyTorch's order.
 *
 * `forward` is wrapped per instance in the constructor, so forward hooks and pre-hooks
 * fire on every call, including a subclass's own `forward`.
 */
import { RuntimeError, ShapeError, show } from "../errors/index.js";
import { no_grad } from "../autograd/grad-mode.js";
import { Tensor } from "../tensor/tensor.js";
import { Parameter } from "./parameter.js";

export type ForwardHook = (module: Module, inputs: unknown[], output: unknown) => unknown;
export type ForwardPreHook = (module: Module, inputs: unknown[]) => unknown[] | void;

export interface RemovableHandle {
  remove(): void;
}

export interface LoadResult {
  missing_keys: string[];
  unexpected_keys: string[];
}

let hookIds = 0;

export abstract class Module {
  /** Training mode (dropout active, batch norm uses batch statistics). */
  training = true;
  readonly #forwardHooks = new Map<number, ForwardHook>();
  readonly #preHooks = new Map<number, ForwardPreHook>();
  readonly #buffers = new Set<string>();

  // forward is free-form, as in PyTorch: subclasses declare their own argument and result types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract forward(...inputs: any[]): any;

  constructor() {
    const impl = this.forward as (...a: unknown[]) => unknown;
    Object.defineProperty(this, "forward", {
      value: (...inputs: unknown[]) => this.#call(impl, inputs),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }

  #call(impl: (...a: unknown[]) => unknown, inputs: unknown[]): unknown {
    let args = inputs;
    for (const hook of this.#preHooks.values()) {
      const replaced = hook(this, args);
      if (replaced !== undefined) args = Array.isArray(replaced) ? replaced : [replaced];
    }
    let out = impl.apply(this, args);
    for (const hook of this.#forwardHooks.values()) {
      const replaced = hook(this, args, out);
      if (replaced !== undefined) out = replaced;
    }
    return out;
  }

  /** `hook(module, inputs, output)` after every forward; a returned value replaces the output. */
  register_forward_hook(hook: ForwardHook): RemovableHandle {
    const id = hookIds++;
    this.#forwardHooks.set(id, hook);
    return { remove: () => this.#forwardHooks.delete(id) };
  }

  /** `hook(module, inputs)` before every forward; a returned array replaces the inputs. */
  register_forward_pre_hook(hook: ForwardPreHook): RemovableHandle {
    const id = hookIds++;
    this.#preHooks.set(id, hook);
    return { remove: () => this.#preHooks.delete(id) };
  }

  /** Declares a tensor attribute as persistent state (saved in `state_dict`), e.g. running statistics. */
  register_buffer(name: string, tensor: Tensor): void {
    (this as unknown as Record<string, unknown>)[name] = tensor;
    this.#buffers.add(name);
  }

  /** Own entries in definition order, by kind. */
  #entries(): { params: [string, Parameter][]; buffers: [string, Tensor][]; children: [string, Module][] } {
    const params: [string, Parameter][] = [];
    const buffers: [string, Tensor][] = [];
    const children: [string, Module][] = [];
    for (const [key, value] of this.ownEntries()) {
      if (value instanceof Parameter) params.push([key, value]);
      else if (value instanceof Module) children.push([key, value]);
      else if (value instanceof Tensor && this.#buffers.has(key)) buffers.push([key, value]);
    }
    return { params, buffers, children };
  }

  /** The (name, value) pairs a container exposes; plain modules use their own properties. */
  protected ownEntries(): [string, unknown][] {
    return Object.entries(this);
  }

  named_children(): [string, Module][] {
    return this.#entries().children;
  }

  children(): Module[] {
    return this.named_children().map(([, m]) => m);
  }

  /** This module and all descendants, depth first, with dotted names ("" for this one). */
  named_modules(prefix = ""): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.named_children()) {
      out.push(...child.named_modules(prefix ? `${prefix}.${name}` : name));
    }
    return out;
  }

  modules(): Module[] {
    return this.named_modules().map(([, m]) => m);
  }

  named_parameters(prefix = "", recurse = true): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    const mods: [string, Module][] = recurse ? this.named_modules(prefix) : [[prefix, this]];
    for (const [modName, m] of mods) {
      for (const [name, p] of m.#entries().params) {
        if (seen.has(p)) continue; // shared parameters are listed once, as in PyTorch
        seen.add(p);
        out.push([modName ? `${modName}.${name}` : name, p]);
      }
    }
    return out;
  }

  parameters(recurse = true): Parameter[] {
    return this.named_parameters("", recurse).map(([, p]) => p);
  }

  named_buffers(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [modName, m] of this.named_modules(prefix)) {
      for (const [name, b] of m.#entries().buffers) out.push([modName ? `${modName}.${name}` : name, b]);
    }
    return out;
  }

  buffers(): Tensor[] {
    return this.named_buffers().map(([, b]) => b);
  }

  /** Calls fn on every submodule, then on this module (PyTorch's order). */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  train(mode = true): this {
    this.training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Sets every parameter's gradient to null (PyTorch 2.x `set_to_none=True`). */
  zero_grad(): void {
    for (const p of this.parameters()) p._dropGrad();
  }

  /** Parameters and buffers by dotted name; the tensors share data with the module. */
  state_dict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [modName, m] of this.named_modules()) {
      const { params, buffers } = m.#entries();
      for (const [name, t] of [...params, ...buffers]) out[modName ? `${modName}.${name}` : name] = t;
    }
    return out;
  }

  /**
   * Copies tensors from `state` into this module. Strict (the default): any missing,
   * unexpected or wrongly shaped key is reported, all at once, and nothing is changed.
   */
  load_state_dict(state: Record<string, Tensor>, strict = true): LoadResult {
    const own = this.state_dict();
    const missing = Object.keys(own).filter((k) => !(k in state));
    const unexpected = Object.keys(state).filter((k) => !(k in own));
    const mismatched = Object.keys(state)
      .filter((k) => k in own)
      .filter((k) => !(state[k] instanceof Tensor) || show(state[k]!.shape) !== show(own[k]!.shape) || state[k]!.dtype !== own[k]!.dtype)
      .map((k) => `size mismatch for ${k}: copying a param with shape ${show(state[k]?.shape)} (${state[k]?.dtype}) from checkpoint, the shape in current model is ${show(own[k]!.shape)} (${own[k]!.dtype}).`);
    const problems: string[] = [];
    if (strict && missing.length) problems.push(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(", ")}.`);
    if (strict && unexpected.length) problems.push(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(", ")}.`);
    problems.push(...mismatched);
    if (problems.length) {
      throw new RuntimeError(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${problems.join("\n\t")}`);
    }
    no_grad(() => {
      for (const [k, t] of Object.entries(own)) {
        if (k in state) (t.data as Float32Array).set(state[k]!.data as Float32Array);
      }
    });
    return { missing_keys: missing, unexpected_keys: unexpected };
  }

  /** PyTorch-style one-line description, e.g. `Linear(in_features=784, out_features=10, bias=True)`. */
  extra_repr(): string {
    return "";
  }

  toString(): string {
    const children = this.named_children();
    const head = `${this.constructor.name}(${this.extra_repr()}`;
    if (!children.length) return `${head})`;
    const body = children.map(([n, m]) => `  (${n}): ${m.toString().replace(/\n/g, "\n  ")}`).join("\n");
    return `${head}\n${body}\n)`;
  }
}

/** Throws a shape error that names the layer, the expected and the actual shape. */
export function expectShape(layer: Module, what: string, expected: string, actual: readonly number[]): never {
  throw new ShapeError(`${layer.toString().split("\n")[0]}: expected ${what} ${expected}, got shape ${show(actual)}.`);
}
