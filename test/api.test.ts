/**
 * Behaviour of the public API: calling styles, options, Tensor accessors, seeding semantics,
 * version switching, and the independence of Generators from the default one.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  manual_seed, seed, initial_seed, get_rng_state, set_rng_state, Generator, default_generator, DEFAULT_RNG_SEED,
  Tensor, empty, zeros, ones, full, tensor, eye, rand, randn, randint, randperm,
  set_pytorch_version, get_pytorch_version, with_pytorch_version, PYTORCH_VERSIONS,
  nn, NninitError, ValueError, ShapeError, ArgumentTypeError, RuntimeError,
} from "../src/index.js";

const init = nn.init;

function bytesOf(t: Tensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice();
}

/** A fixed little workload touching every kind of draw, for stream comparisons. */
function stream(generator?: Generator): Uint8Array[] {
  const o = generator ? { generator } : {};
  return [
    bytesOf(rand(5, o)),
    bytesOf(randn(3, o)),
    bytesOf(randn(17, { dtype: "float64", ...o })),
    bytesOf(randint(0, 1000, [6], o)),
    bytesOf(randperm(9, o)),
    bytesOf(init.kaiming_uniform_(empty(4, 3), o)),
  ];
}

describe("calling styles and options", () => {
  it("f(3, 4) and f([3, 4]) give the same shape and the same draws", () => {
    for (const f of [rand, randn] as const) {
      manual_seed(1);
      const a = f(3, 4);
      manual_seed(1);
      const b = f([3, 4]);
      assert.deepEqual(a.shape, [3, 4]);
      assert.deepEqual(b.shape, [3, 4]);
      assert.deepEqual(bytesOf(a), bytesOf(b));
      manual_seed(1);
      const c = f(3, 4, { dtype: "float64" });
      manual_seed(1);
      const d = f([3, 4], { dtype: "float64" });
      assert.equal(c.dtype, "float64");
      assert.deepEqual(bytesOf(c), bytesOf(d));
    }
    for (const f of [empty, zeros, ones] as const) {
      assert.deepEqual(f(2, 5).shape, f([2, 5]).shape);
      assert.deepEqual(bytesOf(f(2, 5, { dtype: "int32" })), bytesOf(f([2, 5], { dtype: "int32" })));
    }
  });

  it("mixing the two styles is rejected", () => {
    assert.throws(() => (empty as (...a: unknown[]) => Tensor)(2, [3]), ArgumentTypeError);
  });

  it("randint(high, size) equals randint(0, high, size)", () => {
    manual_seed(5);
    const a = randint(10, [8]);
    manual_seed(5);
    const b = randint(0, 10, [8]);
    assert.deepEqual(a.tolist(), b.tolist());
    assert.equal(a.dtype, "int64");
  });

  it("the dtype option picks the storage type", () => {
    assert.ok(zeros(2, { dtype: "int64" }).data instanceof BigInt64Array);
    assert.ok(zeros(2, { dtype: "int32" }).data instanceof Int32Array);
    assert.ok(zeros(2, { dtype: "float64" }).data instanceof Float64Array);
    assert.ok(zeros(2).data instanceof Float32Array);
    assert.equal(zeros(2).dtype, "float32");
    assert.equal(randperm(4).dtype, "int64");
    assert.ok(randperm(4, { dtype: "float32" }).data instanceof Float32Array);
    assert.ok(randint(0, 3, [2], { dtype: "float64" }).data instanceof Float64Array);
    // float64 rand uses 53 random bits: almost no value survives a float32 round trip.
    manual_seed(0);
    const d = rand(100, { dtype: "float64" }).data;
    assert.ok(Array.from(d).filter((x) => Math.fround(x) !== x).length > 95);
    // float32 rand is k·2^-24.
    manual_seed(0);
    for (const x of rand(100).data) assert.ok(Number.isInteger(x * 2 ** 24));
  });

  it("full, ones, eye and tensor fill as PyTorch does", () => {
    assert.deepEqual(full([2, 2], 7).tolist(), [[7, 7], [7, 7]]);
    assert.deepEqual(full([2], 3n, { dtype: "int64" }).tolist(), [3n, 3n]);
    assert.deepEqual(ones(2, { dtype: "int64" }).tolist(), [1n, 1n]);
    assert.deepEqual(eye(2, 3).tolist(), [[1, 0, 0], [0, 1, 0]]);
    assert.deepEqual(eye(2).tolist(), [[1, 0], [0, 1]]);
    assert.equal(tensor([1n, 2n]).dtype, "int64");
    assert.equal(tensor([1, 2]).dtype, "float32");
    assert.throws(() => tensor([[1, 2], [3]]), ShapeError);
  });
});

describe("Tensor accessors", () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);

  it("tolist, numel, dim, size", () => {
    assert.deepEqual(t.tolist(), [[1, 2, 3], [4, 5, 6]]);
    assert.equal(t.numel(), 6);
    assert.equal(t.dim(), 2);
    assert.deepEqual(t.size(), [2, 3]);
    assert.equal(t.size(0), 2);
    assert.equal(t.size(-1), 3);
    assert.throws(() => t.size(2), ShapeError);
    assert.throws(() => t.size(-3), ShapeError);
    assert.equal(empty(0, 3).numel(), 0);
    assert.deepEqual(empty(0, 3).tolist(), []);
    assert.deepEqual(empty(2, 0).tolist(), [[], []]);
  });

  it("item() on one element, ShapeError otherwise; 0-d tensors", () => {
    assert.equal(tensor([[2.5]]).item(), 2.5);
    assert.equal(tensor([7n]).item(), 7n);
    assert.throws(() => t.item(), ShapeError);
    assert.throws(() => empty(0).item(), ShapeError);
    const s = empty([]);
    assert.equal(s.dim(), 0);
    assert.equal(s.numel(), 1);
    assert.equal(s.tolist(), 0);
  });

  it("clone copies, view shares", () => {
    const a = tensor([1, 2, 3, 4, 5, 6]);
    const c = a.clone();
    const v = a.view(2, -1);
    assert.deepEqual(v.shape, [2, 3]);
    assert.deepEqual(a.view([3, 2]).shape, [3, 2]);
    a.data[0] = 42;
    assert.equal(v.data[0], 42);
    assert.equal(c.data[0], 1);
    assert.throws(() => a.view(4, -1), ShapeError);
  });

  it("the shape is frozen", () => {
    assert.throws(() => { (t.shape as number[])[0] = 9; });
    assert.deepEqual(t.shape, [2, 3]);
  });
});

describe("what draws and what does not", () => {
  it("factories without randomness and deterministic inits leave the RNG state unchanged", () => {
    manual_seed(3);
    randn(3); // set the normal cache too
    const before = get_rng_state();
    empty(10); zeros(3, 4); ones(2); full([2], 1); eye(3); tensor([1, 2]);
    const w = empty(4, 4, 3);
    init.constant_(w, 0.5); init.ones_(w); init.zeros_(w); init.dirac_(w); init.eye_(empty(3, 3));
    init.kaiming_uniform_(empty(0, 4)); init.kaiming_normal_(empty(3, 0, 2));
    init.orthogonal_(empty(0, 5));
    init.calculate_gain("relu"); init.calculate_fan_in_and_fan_out(w);
    assert.deepEqual(get_rng_state(), before);
  });

  it("random fills do draw (so the check above can fail)", () => {
    for (const f of [() => rand(1), () => randn(1), () => randint(2, [1]), () => randperm(2), () => init.uniform_(empty(1))]) {
      manual_seed(3);
      randn(3);
      const before = get_rng_state();
      f();
      assert.notDeepEqual(get_rng_state(), before);
    }
  });

  it("every init function returns the very tensor it was given", () => {
    manual_seed(0);
    const t2 = () => empty(4, 5);
    const t3 = () => empty(4, 2, 3);
    const checks: [Tensor, (t: Tensor) => Tensor][] = [
      [t2(), (t) => init.uniform_(t)], [t2(), (t) => init.normal_(t)], [t2(), (t) => init.trunc_normal_(t)],
      [t2(), (t) => init.constant_(t, 1)], [t2(), (t) => init.ones_(t)], [t2(), (t) => init.zeros_(t)],
      [t2(), (t) => init.eye_(t)], [t3(), (t) => init.dirac_(t, { groups: 2 })],
      [t2(), (t) => init.xavier_uniform_(t)], [t2(), (t) => init.xavier_normal_(t)],
      [t2(), (t) => init.kaiming_uniform_(t)], [t2(), (t) => init.kaiming_normal_(t)],
      [empty(0, 3), (t) => init.kaiming_normal_(t)],
      [t3(), (t) => init.orthogonal_(t)], [t2(), (t) => init.sparse_(t, 0.5)],
    ];
    for (const [t, f] of checks) assert.equal(f(t), t);
  });

  it("sparse_ takes its permutations from the default generator even when a generator is given (as PyTorch)", () => {
    manual_seed(8);
    const before = get_rng_state();
    const g = new Generator().manual_seed(1);
    init.sparse_(empty(5, 3), 0.4, { generator: g });
    assert.notDeepEqual(get_rng_state(), before);
    // Same generator seed, same global seed: identical result.
    manual_seed(8);
    const a = init.sparse_(empty(5, 3), 0.4, { generator: new Generator().manual_seed(1) });
    manual_seed(8);
    const b = init.sparse_(empty(5, 3), 0.4, { generator: new Generator().manual_seed(1) });
    assert.deepEqual(bytesOf(a), bytesOf(b));
  });
});

describe("seeding", () => {
  it("manual_seed accepts number and bigint alike and returns the default generator", () => {
    assert.equal(manual_seed(42), default_generator);
    const a = stream();
    manual_seed(42n);
    assert.deepEqual(stream(), a);
    assert.equal(initial_seed(), 42n);
    assert.equal(typeof initial_seed(), "bigint");
  });

  it("negative seeds wrap to uint64: manual_seed(-1) has initial_seed 2^64 − 1", () => {
    manual_seed(-1);
    assert.equal(initial_seed(), 2n ** 64n - 1n);
    const a = stream();
    manual_seed(2n ** 64n - 1n);
    assert.deepEqual(stream(), a);
    manual_seed(-(2n ** 63n));
    assert.equal(initial_seed(), 2n ** 63n);
  });

  it("only the low 32 bits reach the engine: 2^32 + 1 streams like 1 but keeps its own initial_seed", () => {
    manual_seed(1);
    const a = stream();
    manual_seed(2 ** 32 + 1);
    assert.deepEqual(stream(), a);
    assert.equal(initial_seed(), 2n ** 32n + 1n);
    manual_seed(2);
    assert.notDeepEqual(stream(), a);
  });

  it("new Generator() starts at DEFAULT_RNG_SEED = 67280421310721", () => {
    assert.equal(DEFAULT_RNG_SEED, 67280421310721n);
    const g = new Generator();
    assert.equal(g.initial_seed(), DEFAULT_RNG_SEED);
    const a = stream(g);
    assert.deepEqual(stream(new Generator().manual_seed(DEFAULT_RNG_SEED)), a);
    assert.deepEqual(stream(new Generator().manual_seed(Number(DEFAULT_RNG_SEED))), a);
  });

  it("seed() returns a fresh bigint and makes it the initial seed", () => {
    const s1 = seed();
    assert.equal(typeof s1, "bigint");
    assert.equal(initial_seed(), s1);
    assert.ok(s1 >= 0n && s1 < 2n ** 64n);
    const s2 = seed();
    assert.notEqual(s1, s2); // 2^-64 chance of a false failure
    const g = new Generator();
    const gs = g.seed();
    assert.equal(g.initial_seed(), gs);
    // seed() then manual_seed(s) replays seed()'s stream.
    const after = stream();
    manual_seed(s2);
    assert.deepEqual(stream(), after);
  });

  it("Generator.manual_seed chains and clears the normal cache", () => {
    const g = new Generator();
    assert.equal(g.manual_seed(3), g);
    randn(1, { generator: g }); // cache set
    g.manual_seed(3);
    const fresh = new Generator().manual_seed(3);
    assert.deepEqual(g.get_state(), fresh.get_state());
  });
});

describe("RNG state bytes", () => {
  it("get_rng_state is a 5056-byte copy; mutating it changes nothing", () => {
    manual_seed(4);
    const s = get_rng_state();
    assert.ok(s instanceof Uint8Array);
    assert.equal(s.length, 5056);
    assert.equal(new DataView(s.buffer).getBigUint64(0, true), 4n);
    s.fill(0);
    assert.equal(new DataView(get_rng_state().buffer).getBigUint64(0, true), 4n);
  });

  it("set_rng_state accepts Uint8Array, ArrayBuffer and plain arrays, and restores initial_seed", () => {
    manual_seed(77);
    const s = get_rng_state();
    const a = stream();
    for (const form of [s, s.slice().buffer, Array.from(s)]) {
      manual_seed(1);
      set_rng_state(form);
      assert.equal(initial_seed(), 77n);
      assert.deepEqual(stream(), a);
    }
  });

  it("1.13 also reads the 5048-byte legacy layout; latest rejects it", () => {
    manual_seed(9);
    const legacy = get_rng_state().slice(0, 5048);
    with_pytorch_version("1.13", () => {
      manual_seed(9);
      const expected = stream();
      manual_seed(1);
      set_rng_state(legacy);
      assert.equal(initial_seed(), 9n);
      assert.deepEqual(stream(), expected);
    });
    assert.throws(() => set_rng_state(legacy), RuntimeError);
  });
});

describe("PyTorch version switch", () => {
  it("defaults to the newest; 'latest' is 2.12", () => {
    assert.deepEqual([...PYTORCH_VERSIONS], ["1.13", "2.11", "2.12"]);
    const saved = get_pytorch_version();
    try {
      set_pytorch_version("latest");
      assert.equal(get_pytorch_version(), "2.12");
      set_pytorch_version("1.13");
      assert.equal(get_pytorch_version(), "1.13");
    } finally {
      set_pytorch_version(saved);
    }
  });

  it("with_pytorch_version returns fn's value and restores the previous version, also on throw", () => {
    assert.equal(get_pytorch_version(), "2.12");
    assert.equal(with_pytorch_version("1.13", () => get_pytorch_version()), "1.13");
    assert.equal(get_pytorch_version(), "2.12");
    assert.throws(() => with_pytorch_version("1.13", () => { throw new RangeError("boom"); }), RangeError);
    assert.equal(get_pytorch_version(), "2.12");
    with_pytorch_version("2.11", () => {
      assert.throws(() => with_pytorch_version("1.13", () => init.normal_(empty(2), { std: -1 })), RuntimeError);
      assert.equal(get_pytorch_version(), "2.11");
    });
    assert.equal(get_pytorch_version(), "2.12");
  });

  it("the version changes behaviour (trunc_normal_ algorithm), so the switch is observable", () => {
    manual_seed(0);
    const latest = bytesOf(init.trunc_normal_(empty(50)));
    manual_seed(0);
    const old = bytesOf(with_pytorch_version("1.13", () => init.trunc_normal_(empty(50))));
    assert.notDeepEqual(latest, old);
  });

  it("set_pytorch_version('bogus') throws ValueError listing the valid versions, and keeps the current one", () => {
    const before = get_pytorch_version();
    let err: unknown;
    try {
      set_pytorch_version("bogus" as "latest");
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ValueError);
    assert.ok(err instanceof NninitError);
    for (const v of ['"bogus"', '"1.13"', '"2.11"', '"2.12"', '"latest"']) assert.ok(err.message.includes(v), `${v} missing: ${err.message}`);
    assert.equal(get_pytorch_version(), before);
  });
});

describe("Generator independence", () => {
  it("drawing from a Generator leaves the default generator untouched, and vice versa", () => {
    manual_seed(10);
    const globalBefore = get_rng_state();
    const g = new Generator().manual_seed(10);
    const gStream = stream(g);
    assert.deepEqual(get_rng_state(), globalBefore);
    const gAfter = g.get_state();
    const globalStream = stream();
    assert.deepEqual(g.get_state(), gAfter);
    assert.deepEqual(globalStream, gStream); // same seed, same stream
  });

  it("a Generator loaded with the default state continues the default stream", () => {
    manual_seed(11);
    stream();
    randn(1); // leave a cached normal in the state
    const g = new Generator().set_state(get_rng_state());
    assert.equal(g.initial_seed(), 11n);
    assert.deepEqual(stream(g), stream());
  });

  it("two Generators do not share state", () => {
    const g1 = new Generator().manual_seed(5);
    const g2 = new Generator().manual_seed(5);
    const a = stream(g1);
    const b1 = stream(g1);
    const b2 = stream(g2);
    assert.deepEqual(b2, a);
    assert.notDeepEqual(b1, a);
  });

  it("error classes form the documented hierarchy", () => {
    const e = new ShapeError("x");
    assert.ok(e instanceof RuntimeError && e instanceof NninitError && e instanceof Error);
    assert.equal(e.name, "ShapeError");
    assert.ok(!(new ValueError("x") instanceof RuntimeError));
  });
});
