/**
 * src/math/libm64.ts against glibc 2.36's libm (x86-64, FMA variants), bit for bit.
 * Fixtures: scripts/fixtures/gen_libm64.py -> test/fixtures/libm/libm64.json.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { log, log1p, sin, cos } from "../src/math/libm64.js";

interface LibmCase {
  count: number;
  inputs: string;
  outputs: string;
}
interface LibmFixture {
  libc: string[];
  functions: Record<string, LibmCase>;
}

const fixture = JSON.parse(
  readFileSync(new URL("../../test/fixtures/libm/libm64.json", import.meta.url), "utf8"),
) as LibmFixture;

/** Decodes base64 little-endian float64 data into an aligned Float64Array. */
function f64(b64: string): Float64Array {
  const buf = Buffer.from(b64, "base64");
  const out = new Float64Array(buf.length / 8);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
function hex(x: number): string {
  scratch[0] = x;
  return "0x" + words[1]!.toString(16).padStart(8, "0") + words[0]!.toString(16).padStart(8, "0");
}
function sameBits(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true; // NaN payloads are not compared
  scratch[0] = a;
  const a0 = words[0]!;
  const a1 = words[1]!;
  scratch[0] = b;
  return a0 === words[0] && a1 === words[1];
}

const FUNCTIONS: Record<string, (x: number) => number> = { log, log1p, sin, cos };

for (const [name, fn] of Object.entries(FUNCTIONS)) {
  test(`libm64.${name} matches glibc bit for bit`, () => {
    const c = fixture.functions[name];
    assert.ok(c, `fixture has no ${name}`);
    const xs = f64(c.inputs);
    const ys = f64(c.outputs);
    assert.equal(xs.length, c.count);
    assert.equal(ys.length, c.count);
    let mismatches = 0;
    let first = "";
    for (let i = 0; i < xs.length; i++) {
      const got = fn(xs[i]!);
      if (!sameBits(got, ys[i]!)) {
        if (mismatches === 0) {
          first =
            `${name}(${xs[i]}) [input ${hex(xs[i]!)}, index ${i}]: ` +
            `glibc ${ys[i]} (${hex(ys[i]!)}), ours ${got} (${hex(got)})`;
        }
        mismatches++;
      }
    }
    assert.equal(mismatches, 0, `${mismatches}/${xs.length} mismatches; first: ${first}`);
  });
}

test("libm64 special values", () => {
  assert.equal(log(0), -Infinity);
  assert.equal(log(-0), -Infinity);
  assert.ok(Number.isNaN(log(-1)));
  assert.equal(log(Infinity), Infinity);
  assert.ok(Number.isNaN(log(NaN)));
  assert.ok(Object.is(log(1), 0));
  assert.equal(log1p(-1), -Infinity);
  assert.ok(Number.isNaN(log1p(-2)));
  assert.ok(Object.is(log1p(-0), -0));
  assert.ok(Object.is(sin(-0), -0));
  assert.ok(Number.isNaN(sin(Infinity)));
  assert.ok(Number.isNaN(cos(-Infinity)));
  assert.equal(cos(0), 1);
});
