// The benchmark's operation list: one place that names every row of the table.
// Each competitor (bench/competitors/*.mjs, bench/torch_bench.py) receives these specs
// as JSON and maps `kind` to its own equivalent call.
//
//   id       row key (stable; used by --only and in latest.json)
//   kind     what the competitor has to do
//   shape    tensor shape (full run) / quickShape (--quick)
//   params   op arguments
//   unit     "ms" (time per call) or "samples/s" (training throughput)
//   version  for nninit: the set_pytorch_version() to select ("latest" by default)
//   only     restrict the row to some competitors (others print "—")
//   scaleOf  [id, factor]: if the competitor's time for `id` × factor already exceeds the
//            budget, this row is not run for it and reported as ">budget (est.)".

export const OPS = [
  { id: "normal_", label: "normal_ 4096×4096", kind: "normal", shape: [4096, 4096], quickShape: [1024, 1024], params: { mean: 0, std: 1 } },
  { id: "uniform_", label: "uniform_(-0.1, 0.1) 4096×4096", kind: "uniform", shape: [4096, 4096], quickShape: [1024, 1024], params: { a: -0.1, b: 0.1 } },
  { id: "kaiming_uniform_", label: "kaiming_uniform_ 4096×4096", kind: "kaiming_uniform", shape: [4096, 4096], quickShape: [1024, 1024], params: {} },
  { id: "trunc_normal_", label: "trunc_normal_ 4096×4096 (nninit 2.12+ rejection)", kind: "trunc_normal", shape: [4096, 4096], quickShape: [1024, 1024], params: { mean: 0, std: 1, a: -2, b: 2 } },
  { id: "trunc_normal_v113", label: "trunc_normal_ 4096×4096 (nninit \"1.13\" inverse CDF)", kind: "trunc_normal", shape: [4096, 4096], quickShape: [1024, 1024], params: { mean: 0, std: 1, a: -2, b: 2 }, version: "1.13", only: ["nninit", "nninit-relaxed", "nninit-ts", "torch113"] },
  { id: "orthogonal_512", label: "orthogonal_ 512×512", kind: "orthogonal", shape: [512, 512], quickShape: [128, 128], params: { gain: 1 } },
  { id: "orthogonal_1024", label: "orthogonal_ 1024×1024", kind: "orthogonal", shape: [1024, 1024], quickShape: [256, 256], params: { gain: 1 }, scaleOf: ["orthogonal_512", 8] },
  { id: "train_mlp", label: "train MLP 784-256-256-10, batch 128", kind: "train_mlp", unit: "samples/s", params: { layers: [784, 256, 256, 10], batch: 128, lr: 0.01 }, warmup: 5, maxReps: 2000 },
  // Conv2d(1,32,5) → ReLU → MaxPool2d(2) → Conv2d(32,64,5) → ReLU → MaxPool2d(2) → Flatten → Linear(1024,10), 1×28×28.
  { id: "train_cnn", label: "train CNN conv5×5×32-pool-conv5×5×64-pool-fc10, batch 64", kind: "train_cnn", unit: "samples/s", params: { batch: 64, lr: 0.01 }, warmup: 2, maxReps: 500 },
];

/** Timing policy. Every competitor applies the same rules (see bench/README.md). */
export const POLICY = {
  full: { minReps: 3, minTimeMs: 1000, maxReps: 50, budgetMs: 120_000 },
  quick: { minReps: 2, minTimeMs: 150, maxReps: 10, budgetMs: 20_000 },
};

/** The spec a competitor process receives for one op. */
export function childSpec(op, quick) {
  return {
    id: op.id,
    kind: op.kind,
    shape: quick ? op.quickShape ?? op.shape : op.shape,
    params: op.params,
    version: op.version ?? "latest",
    unit: op.unit ?? "ms",
    warmup: op.warmup ?? 1,
    maxReps: op.maxReps,
  };
}
