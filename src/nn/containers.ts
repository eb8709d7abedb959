/** `nn.Sequential` and `nn.ModuleList`: children named "0", "1", … in order. */
import { ShapeError, show } from "../errors/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

export class ModuleList extends Module {
  protected readonly items: Module[];

  constructor(modules: Iterable<Module> = []) {
    super();
    this.items = [...modules];
  }

  protected override ownEntries(): [string, unknown][] {
    return [...super.ownEntries().filter(([k]) => k !== "items"), ...this.items.map((m, i) => [String(i), m] as [string, unknown])];
  }

  get length(): number {
    return this.items.length;
  }

  at(index: number): Module {
    const m = this.items.at(index);
    if (!m) throw new ShapeError(`index ${index} is out of range for a container of ${this.items.length} modules.`);
    return m;
  }

  append(module: Module): this {
    this.items.push(module);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.items[Symbol.iterator]();
  }

  forward(..._inputs: unknown[]): Tensor {
    throw new ShapeError("ModuleList has no forward(); iterate over it in your module's forward.");
  }
}

/** Chains modules: each one's output is the next one's input. */
export class Sequential extends ModuleList {
  constructor(...modules: Module[]) {
    super(modules);
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new ShapeError(`Sequential: argument ${i} is not a Module, got ${show(m)}.`);
    });
  }

  override forward(input: Tensor): Tensor {
    let x: unknown = input;
    for (const m of this.items) x = (m.forward as (v: unknown) => unknown)(x);
    return x as Tensor;
  }
}
