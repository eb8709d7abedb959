/**
 * DataLoader shuffling against real PyTorch (test/fixtures/<build>/dataloader.json, written by
 * scripts/fixtures/gen_dataloader.py): the order of every epoch, when each draw happens, and the
 * global/explicit generator streams afterwards. Plus TensorDataset, default_collate and the
 * loader's argument checks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";

import { manual_seed, default_generator, rand } from "../src/index.js";
import { Generator } from "../src/random/generator.js";
import { Tensor } from "../src/tensor/tensor.js";
import { with_pytorch_version } from "../src/compat.js";
import { ArgumentTypeError, IndexError, RuntimeError, ShapeError, ValueError } from "../src/errors/index.js";
import { DataLoader, type DataLoaderIterator } from "../src/data/dataloader.js";
import { TensorDataset, default_collate } from "../src/data/dataset.js";
import { RandomSampler, SequentialSampler, BatchSampler } from "../src/data/sampler.js";
import { BUILDS, FIXTURE_ROOT, compare, type FixtureOutput } from "./support/fixtures.js";
import { existsSync, readFileSync } from "node:fs";

interface Step {
  op: string;
  [k: string]: unknown;
}
interface EpochOut {
  kind: "epoch";
  batch_sizes: number[];
  count: number;
  sha256: string;
  first: number[];
  last: number[];
  indices?: number[];
  draws?: FixtureOutput;
}
type Output =
  | EpochOut
  | { kind: "int"; value: number }
  | { kind: "batch"; indices: number[] }
  | { kind: "stop" }
  | FixtureOutput;
interface Case {
  name: string;
  steps: Step[];
  outputs: Output[];
}
interface File {
  torch_version: string;
  totensor_lut: FixtureOutput;
  cases: Case[];
}

function load(build: string): File | null {
  const p = `${FIXTURE_ROOT}${build}/dataloader.json`;
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as File) : null;
}

type Batch = Tensor<"int64">[];
const indicesOf = (b: Batch): number[] => Array.from(b[0]!.data as BigInt64Array, Number);

function epochOutput(batches: number[][]): Omit<EpochOut, "kind" | "draws"> {
  const flat = batches.flat();
  const bytes = Buffer.from(new BigInt64Array(flat.map((v) => BigInt(v))).buffer);
  return {
    batch_sizes: batches.map((b) => b.length),
    count: flat.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    first: flat.slice(0, 50),
    last: flat.length > 50 ? flat.slice(-50) : flat.slice(),
    ...(flat.length <= 2000 ? { indices: flat } : {}),
  };
}

/** Replays a case's steps with nninit and checks each output as it is produced. */
function replay(c: Case): void {
  const env = new Map<string, unknown>();
  let k = 0;
  const expectNext = (): Output => {
    const o = c.outputs[k++];
    assert.ok(o, `${c.name}: more outputs than the fixture has`);
    return o;
  };
  const gen = (name: unknown): Generator | undefined => (name === undefined ? undefined : (env.get(name as string) as Generator));
  for (const s of c.steps) {
    switch (s.op) {
      case "manual_seed":
        manual_seed(BigInt(s.seed as string));
        break;
      case "generator":
        env.set(s.name as string, new Generator().manual_seed(BigInt(s.seed as string)));
        break;
      case "dataset": {
        const n = s.n as number;
        env.set(s.name as string, new TensorDataset(new Tensor([n], "int64", BigInt64Array.from({ length: n }, (_, i) => BigInt(i)))));
        break;
      }
      case "loader": {
        const ds = env.get(s.dataset as string) as TensorDataset<[Tensor<"int64">]>;
        const sp = s.sampler as { replacement: boolean; num_samples?: number; generator?: string } | undefined;
        const sampler = sp
          ? new RandomSampler(ds, {
              replacement: sp.replacement,
              ...(sp.num_samples !== undefined ? { num_samples: sp.num_samples } : {}),
              ...(sp.generator !== undefined ? { generator: gen(sp.generator)! } : {}),
            })
          : undefined;
        const g = gen(s.generator);
        env.set(
          s.name as string,
          new DataLoader(ds, {
            batch_size: s.batch_size as number,
            shuffle: s.shuffle as boolean,
            drop_last: s.drop_last as boolean,
            ...(g ? { generator: g } : {}),
            ...(sampler ? { sampler } : {}),
          }),
        );
        break;
      }
      case "len":
        assert.deepEqual({ kind: "int", value: (env.get(s.loader as string) as DataLoader<unknown>).len() }, expectNext(), `${c.name}: len`);
        break;
      case "iter":
        env.set(s.name as string, (env.get(s.loader as string) as DataLoader<unknown, Batch>)[Symbol.iterator]());
        break;
      case "next": {
        const r = (env.get(s.iter as string) as DataLoaderIterator<unknown, Batch>).next();
        const got = r.done ? { kind: "stop" } : { kind: "batch", indices: indicesOf(r.value) };
        assert.deepEqual(got, expectNext(), `${c.name}: next`);
        break;
      }
      case "epoch": {
        const loader = env.get(s.loader as string) as DataLoader<unknown, Batch>;
        const draw = s.draw_each_batch as { size: number[]; generator?: string } | undefined;
        const batches: number[][] = [];
        const draws: number[] = [];
        for (const b of loader) {
          batches.push(indicesOf(b));
          if (draw) {
            const g = gen(draw.generator);
            draws.push(...rand(draw.size, g ? { generator: g } : {}).data);
          }
          if (s.break_after !== undefined && batches.length === s.break_after) break;
        }
        const exp = expectNext() as EpochOut;
        const { draws: expDraws, kind: _kind, ...expRest } = exp;
        assert.deepEqual(epochOutput(batches), expRest, `${c.name}: epoch ${k - 1}`);
        if (expDraws) {
          const r = compare(Float32Array.from(draws), expDraws, `${c.name}: draws in the loop body`);
          assert.ok(r.ok, r.message);
        }
        break;
      }
      case "rand": {
        const g = gen(s.generator);
        const t = rand(s.size as number[], g ? { generator: g } : {});
        const r = compare(t.data, expectNext() as FixtureOutput, `${c.name}: output ${k - 1}`);
        assert.ok(r.ok, r.message);
        break;
      }
      default:
        assert.fail(`unknown op ${s.op}`);
    }
  }
  assert.equal(k, c.outputs.length, `${c.name}: every output was checked`);
}

for (const [build, version] of Object.entries(BUILDS)) {
  const file = load(build);
  test(`${build}: DataLoader fixtures present`, () => {
    assert.ok(file, `missing ${FIXTURE_ROOT}${build}/dataloader.json (run scripts/fixtures/gen_dataloader.py)`);
    assert.ok(file.cases.length >= 80);
  });
  if (!file) continue;
  for (const c of file.cases) {
    test(`${build}: ${c.name}`, () => with_pytorch_version(version, () => replay(c)));
  }
  test(`${build}: ToTensor's float32 pixel values (uint8.float().div(255))`, () => {
    const lut = Float32Array.from({ length: 256 }, (_, v) => v / 255);
    const r = compare(lut, file.totensor_lut, "v / 255");
    assert.ok(r.ok, r.message);
  });
}

test("spec §6 example: seed 10, n = 23", () => {
  manual_seed(10);
  const ds = new TensorDataset(new Tensor([23], "int64", BigInt64Array.from({ length: 23 }, (_, i) => BigInt(i))));
  const [batch] = [...new DataLoader(ds, { batch_size: 23, shuffle: true })];
  assert.deepEqual(Array.from(batch![0].data, Number), [13, 1, 22, 21, 17, 12, 16, 4, 8, 9, 11, 14, 19, 0, 10, 20, 3, 18, 6, 15, 2, 5, 7]);
});

test("draw accounting: iter() takes one random64, the first next() another, len() none", () => {
  const ds = new TensorDataset(new Tensor([10], "float32"));
  const loader = new DataLoader(ds, { batch_size: 3, shuffle: true });
  manual_seed(1);
  const ref = new Generator().manual_seed(1);
  loader.len();
  assert.deepEqual(default_generator.get_state(), ref.get_state(), "len draws nothing");
  const it = loader[Symbol.iterator]();
  assert.equal(it._base_seed, ref.random64() % 2n ** 63n);
  assert.deepEqual(default_generator.get_state(), ref.get_state(), "iter: one random64");
  it.next();
  ref.random64();
  assert.deepEqual(default_generator.get_state(), ref.get_state(), "first next: one more random64");
  for (const _ of it);
  assert.deepEqual(default_generator.get_state(), ref.get_state(), "rest of the epoch: nothing from the global generator");
  assert.equal(it.len(), 4);
});

test("TensorDataset: rows are views, lengths checked, negative indices", () => {
  const x = new Tensor([4, 2], "float32", Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]));
  const y = new Tensor([4], "int64", BigInt64Array.from([10n, 11n, 12n, 13n]));
  const ds = new TensorDataset(x, y);
  assert.equal(ds.len(), 4);
  const [xr, yr] = ds.get(1);
  assert.deepEqual(xr.shape, [2]);
  assert.deepEqual(Array.from(xr.data), [2, 3]);
  assert.deepEqual(yr.shape, []);
  assert.equal(yr.item(), 11n);
  xr.data[0] = 42;
  assert.equal(x.data[2], 42, "a row is a view, like t[i]");
  assert.equal(ds.get(-1)[1].item(), 13n);
  assert.throws(() => ds.get(4), (e: Error) => e instanceof IndexError && /index 4 is out of bounds for dimension 0 with size 4/.test(e.message));
  assert.throws(() => ds.get(1.5), ArgumentTypeError);
  assert.throws(() => new TensorDataset(x, new Tensor([3], "int64")), (e: Error) => e instanceof ShapeError && /Size mismatch/.test(e.message));
  assert.throws(() => new TensorDataset(), ValueError);
  const [bx, by] = ds.get_batch([3, 0]);
  assert.deepEqual(bx.shape, [2, 2]);
  assert.deepEqual(Array.from(bx.data), [6, 7, 0, 1]);
  assert.deepEqual(Array.from(by.data), [13n, 10n]);
});

test("DataLoader batches: TensorDataset and a plain dataset through default_collate agree", () => {
  const x = new Tensor([5, 3], "float32", Float32Array.from({ length: 15 }, (_, i) => i));
  const y = new Tensor([5], "int64", BigInt64Array.from([0n, 1n, 2n, 3n, 4n]));
  const tds = new TensorDataset(x, y);
  const plain = { len: () => 5, get: (i: number) => [tds.get(i)[0], Number(tds.get(i)[1].item())] as [Tensor<"float32">, number] };
  const a = [...new DataLoader(tds, { batch_size: 2 })];
  const b = [...new DataLoader(plain, { batch_size: 2 })];
  assert.equal(a.length, 3);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(a[i]![0].shape, b[i]![0].shape);
    assert.deepEqual(Array.from(a[i]![0].data), Array.from(b[i]![0].data));
    assert.equal(b[i]![1].dtype, "int64");
    assert.deepEqual(Array.from(a[i]![1].data), Array.from(b[i]![1].data as BigInt64Array));
  }
  assert.deepEqual(a[2]![0].shape, [1, 3]);
  const custom = [...new DataLoader(plain, { batch_size: 4, collate_fn: (s) => s.length })];
  assert.deepEqual(custom, [4, 1]);
});

test("default_collate: numbers, bigints, strings, objects, errors", () => {
  assert.equal(default_collate([1, 2, 3]).dtype, "int64");
  assert.equal(default_collate([1, 2.5]).dtype, "float64");
  assert.deepEqual(Array.from(default_collate([5n, 6n]).data), [5n, 6n]);
  assert.deepEqual(default_collate(["a", "b"]), ["a", "b"]);
  const o = default_collate([{ a: 1, b: "x" }, { a: 2, b: "y" }]);
  assert.deepEqual(Array.from(o.a.data as BigInt64Array), [1n, 2n]);
  assert.deepEqual(o.b, ["x", "y"]);
  assert.throws(() => default_collate([new Tensor([2], "float32"), new Tensor([3], "float32")]), (e: Error) => e instanceof ShapeError && /equal size/.test(e.message));
  assert.throws(() => default_collate([[1, 2], [1]]), ShapeError);
  assert.throws(() => default_collate([true, false]), ArgumentTypeError);
  assert.throws(() => default_collate([]), ValueError);
});

test("DataLoader argument checks mirror PyTorch", () => {
  const ds = new TensorDataset(new Tensor([4], "float32"));
  assert.throws(() => new DataLoader(ds, { batch_size: 0 }), (e: Error) => e instanceof ValueError && /batch_size should be a positive integer value/.test(e.message));
  assert.throws(() => new DataLoader(ds, { batch_size: 2.5 }), ValueError);
  assert.throws(() => new DataLoader(ds, { drop_last: "yes" as never }), (e: Error) => e instanceof ValueError && /drop_last should be a boolean/.test(e.message));
  assert.throws(() => new DataLoader(ds, { shuffle: 1 as never }), ValueError);
  assert.throws(() => new DataLoader(ds, { shuffle: true, sampler: new SequentialSampler(ds) }), (e: Error) => e instanceof ValueError && /mutually exclusive/.test(e.message));
  assert.throws(() => new DataLoader(ds, { generator: {} as never }), ArgumentTypeError);
  assert.throws(() => new DataLoader({} as never), ArgumentTypeError);
  const empty = new TensorDataset(new Tensor([0], "float32"));
  assert.throws(() => new DataLoader(empty, { shuffle: true }), (e: Error) => e instanceof ValueError && /num_samples should be a positive integer value, but got num_samples=0/.test(e.message));
  assert.deepEqual([...new DataLoader(empty)], []);
  assert.equal(new BatchSampler(new SequentialSampler(ds), 3, true).len(), 1);
});
