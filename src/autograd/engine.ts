/**
 * `backward()`: a reverse topological walk of the graph (micrograd's `backward`, on tensors).
 * Gradients flowing into the same tensor are summed; leaves that require grad accumulate
 * into `.grad`, as PyTorch does across calls until `zero_grad()`.
 */
import { RuntimeError, ShapeError, show } from "../errors/index.js";
import { Tensor } from "../tensor/tensor.js";
import { no_grad } from "./grad-mode.js";
import { overlapsTransient, releaseTransient, transientScope } from "../tensor/dtype.js";

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again (default false). */
  retain_graph?: boolean;
}

function addInto(target: Float32Array | Float64Array, source: Float32Array | Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] = target[i]! + source[i]!;
}

/** Counts backward passes: a leaf gets at most one buffer of its own per pass (ops/util.ts `gradStorage`). */
let generation = 0;

/** The backward pass in progress (or the last one). */
export function backwardGeneration(): number {
  return generation;
}

export function runBackward(root: Tensor, gradient: Tensor | undefined, options: BackwardOptions = {}): void {
  generation++;
  if (!root.requires_grad) {
    throw new RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn. Call backward() on a result computed from tensors with requires_grad=true.");
  }
  let seed = gradient;
  if (seed === undefined) {
    if (root.numel() !== 1) {
      throw new RuntimeError(
        `grad can be implicitly created only for scalar outputs; this output has shape ${show(root.shape)}. Pass a gradient of the same shape: out.backward(gradient), or reduce first (e.g. out.sum()).`,
      );
    }
    seed = new Tensor(root.shape, root.dtype);
    (seed.data as Float32Array).fill(1);
  } else if (seed.numel() !== root.numel()) {
    throw new ShapeError(`backward: gradient has shape ${show(seed.shape)} but the output has shape ${show(root.shape)}.`);
  }

  // Topological order of the tensors reachable through grad_fn.
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [t, expanded] = stack.pop()!;
    if (expanded) {
      order.push(t);
      continue;
    }
    if (visited.has(t)) continue;
    visited.add(t);
    stack.push([t, true]);
    for (const input of t.grad_fn?.inputs ?? []) {
      if (input && input.requires_grad && !visited.has(input)) stack.push([input, false]);
    }
  }

  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  // Gradients no one else can see: a leaf may take one as its .grad without a copy (PyTorch's
  // AccumulateGrad steals a gradient whose refcount is 1). The contract that makes this safe:
  // a backward rule returns fresh tensors or views of its incoming gradient, never saved data.
  // So a returned gradient is owned unless it shares storage with the incoming one (a view,
  // or AddBackward's pass-through) or with another gradient the same rule returned.
  const owned = new WeakSet<Tensor>();
  // Transient storage (src/tensor/dtype.ts `transientScope`): with the "wasm" backend, the
  // results of a backward rule live in WebAssembly memory, where the next rule's kernels use
  // them without copying, and go back to the allocator as soon as no gradient still pending in
  // `grads` points into them. By the contract above nothing else can: rules keep nothing, and
  // no gradient of a non-leaf is ever shown to the user (a leaf gets a copy, never the block).
  const blockOf = new Map<Tensor, Float32Array>();
  const pending = new Map<Float32Array, number>();
  const hold = (x: Tensor, block: Float32Array | undefined): void => {
    if (!block) return;
    blockOf.set(x, block);
    pending.set(block, (pending.get(block) ?? 0) + 1);
  };
  const letGo = (x: Tensor): void => {
    // One call per entry that leaves `grads`: a tensor stored for two inputs is held twice.
    const block = blockOf.get(x);
    if (!block) return;
    const n = pending.get(block)! - 1;
    if (n > 0) pending.set(block, n);
    else {
      pending.delete(block);
      releaseTransient(block);
    }
  };
  let fresh: Float32Array[] = [];
  let finished = false;
  try {
    no_grad(() => walk());
    finished = true;
  } finally {
    // A rule threw, or the graph was already released: nothing will read what is pending.
    if (!finished) {
      for (const b of pending.keys()) releaseTransient(b);
      for (const b of fresh) releaseTransient(b);
    }
  }

  function walk(): void {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i]!;
      const g = grads.get(t);
      if (!g) continue;
      const node = t.grad_fn;
      if (!node) {
        // A leaf: accumulate into .grad.
        // Cloned unless owned: an op may hand the same gradient tensor to several inputs; and
        // transient storage is never handed out.
        const prevGrad = t._peekGrad();
        if (prevGrad === null) t._setGrad(owned.has(g) && !blockOf.has(g) ? g : g.clone());
        else addInto(prevGrad.data as Float32Array, g.data as Float32Array);
        letGo(g);
        continue;
      }
      if (node.released) {
        throw new RuntimeError(
          `Trying to backward through the graph a second time (node ${node.name}). Pass { retain_graph: true } to the first backward() if you need to.`,
        );
      }
      const inputGrads = transientScope(fresh, () => node.backward(g));
      if (!options.retain_graph) node.released = true;
      const gBlock = blockOf.get(g);
      node.inputs.forEach((input, k) => {
        const ig = inputGrads[k];
        if (!input || !input.requires_grad || !ig) return;
        const prev = grads.get(input);
        if (!prev) {
          const shared = ig.data === g.data || inputGrads.some((other, j) => j !== k && other?.data === ig.data);
          // `ig` may be the incoming gradient itself, owned until now: no longer.
          if (shared) owned.delete(ig);
          else owned.add(ig);
          grads.set(input, ig);
          // Its transient block: one this rule allocated, or g's (a pass-through or a view of g).
          const inG = gBlock !== undefined && overlapsTransient(gBlock, ig.data);
          hold(ig, inG ? gBlock : fresh.find((b) => overlapsTransient(b, ig.data)));
        } else if (owned.has(prev) && !blockOf.has(prev)) {
          // prev is this input's alone (and not transient): sum into it, as a clone would.
          addInto(prev.data as Float32Array, ig.data as Float32Array);
        } else {
          const sum = prev.clone();
          addInto(sum.data as Float32Array, ig.data as Float32Array);
          owned.add(sum);
          grads.set(input, sum);
          letGo(prev);
        }
      });
      // Non-leaf gradients are dropped as soon as they are used, as in PyTorch.
      grads.delete(t);
      letGo(g);
      // What the rule allocated and no pending gradient holds: its scratch, and results that
      // were summed into another gradient or that no input needs.
      for (const b of fresh) if (!pending.has(b)) releaseTransient(b);
      fresh = []; // released: the `finally` above must not see them again
    }
  }
}
