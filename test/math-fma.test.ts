/**
 * fma64 (fast certified emulation + exact fallback) against exact big-integer arithmetic,
 * over random doubles, sparse significands that make near-ties, and the range edges.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fma64, fma64Exact, fma64Unguarded } from "../src/math/fma.js";

const hex = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0]!.toString(16);

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** Doubles with few significant bits, so products and sums land on or next to rounding ties. */
const sparse = fc.tuple(fc.integer({ min: -(2 ** 20), max: 2 ** 20 }), fc.integer({ min: -60, max: 60 })).map(([m, e]) => m * 2 ** e);

test("fma64 equals exact arithmetic on random and near-tie operands", () => {
  const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
  for (const arb of [fc.tuple(anyDouble, anyDouble, anyDouble), fc.tuple(sparse, sparse, sparse), fc.tuple(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }))]) {
    fc.assert(
      fc.property(arb, ([a, b, c]) => {
        const r = fma64(a, b, c);
        const e = fma64Exact(a, b, c);
        if (!same(r, e)) throw new Error(`fma64(${a}, ${b}, ${c}) = ${r} (0x${hex(r)}), exact ${e} (0x${hex(e)})`);
      }),
      { seed: 7, numRuns: 20000 },
    );
  }
});

test("fma64 on crafted ties: a·b = 1 + 2^-53 ± tiny, c = small", () => {
  const cases: [number, number, number][] = [
    [1 + 2 ** -52, 1 - 2 ** -53, 2 ** -106],
    [1 + 2 ** -27, 1 + 2 ** -27, -1],
    [3, 1 / 3, -1],
    [2 ** 500, 2 ** 500, -(2 ** 1000)],
    [2 ** -600, 2 ** -500, 2 ** -1074],
    [1e308, 10, -1e309 + 0],
  ];
  for (const [a, b, c] of cases) {
    assert.ok(same(fma64(a, b, c), fma64Exact(a, b, c)), `fma64(${a}, ${b}, ${c})`);
    if (Math.abs(a * b) > 1e-250 && Math.abs(a * b) < 1e290) {
      assert.ok(same(fma64Unguarded(a, b, c), fma64Exact(a, b, c)), `fma64Unguarded(${a}, ${b}, ${c})`);
    }
  }
});
