/**
 * Loading the PyTorch fixtures (test/fixtures/FORMAT.md) and comparing tensors bit for bit.
 * A mismatch reports the first differing index, both values and both bit patterns.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const FIXTURE_ROOT = fileURLToPath(new URL("../../../test/fixtures/", import.meta.url));

export interface FixtureOutput {
  dtype: "float32" | "float64" | "int64" | "int32" | "uint8";
  shape: number[];
  b64: string;
}
export interface Step {
  op: string;
  out?: boolean;
  [key: string]: unknown;
}
export interface FixtureCase {
  name: string;
  steps: Step[];
  outputs?: FixtureOutput[];
  tolerance?: { abs?: number; ulp?: number };
  error?: { type: string; message: string };
  warnings?: { type: string; message: string }[];
}
export interface FixtureFile {
  generator_script: string;
  torch_version: string;
  build: string;
  cases: FixtureCase[];
  no_error?: FixtureCase[];
}

/** The builds with committed fixtures and the `set_pytorch_version` each needs. */
export const BUILDS: Record<string, "1.13" | "2.12"> = {
  "torch-1.13.1-debian": "1.13",
  "torch-2.13.0-pip": "2.12",
};

export function loadFixture(build: string, file: string): FixtureFile | null {
  const path = `${FIXTURE_ROOT}${build}/${file}`;
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8")) as FixtureFile;
}

export function fixtureFiles(build: string): string[] {
  const dir = `${FIXTURE_ROOT}${build}`;
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
}

export function decodeBytes(out: FixtureOutput): Uint8Array {
  return new Uint8Array(Buffer.from(out.b64, "base64"));
}

/** The fixture's values as a typed array of its dtype. */
export function decodeValues(out: FixtureOutput): Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array {
  const b = decodeBytes(out);
  const buf = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  switch (out.dtype) {
    case "float32": return new Float32Array(buf);
    case "float64": return new Float64Array(buf);
    case "int64": return new BigInt64Array(buf);
    case "int32": return new Int32Array(buf);
    default: return new Uint8Array(buf);
  }
}

type Values = ArrayLike<number> | ArrayLike<bigint>;

function hexBits(v: number | bigint, dtype: string): string {
  if (dtype === "float32") return "0x" + (new Uint32Array(new Float32Array([v as number]).buffer)[0]!).toString(16).padStart(8, "0");
  if (dtype === "float64") return "0x" + new BigUint64Array(new Float64Array([v as number]).buffer)[0]!.toString(16).padStart(16, "0");
  return String(v);
}

/** Distance in units in the last place between two floats of the dtype (NaN-safe: NaN vs NaN is 0). */
export function ulpDistance(a: number, b: number, dtype: "float32" | "float64"): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  const toOrdered = (x: number): bigint => {
    if (dtype === "float32") {
      const i = new Int32Array(new Float32Array([x]).buffer)[0]!;
      return BigInt(i < 0 ? -2147483648 - i : i);
    }
    const i = new BigInt64Array(new Float64Array([x]).buffer)[0]!;
    return i < 0n ? -(2n ** 63n) - i : i;
  };
  const d = toOrdered(a) - toOrdered(b);
  return Number(d < 0n ? -d : d);
}

export interface Comparison {
  ok: boolean;
  mismatches: number;
  maxUlp: number;
  maxAbs: number;
  message: string;
}

/**
 * Compares `actual` with the fixture. Bit for bit unless a tolerance is given;
 * a float's sign of zero and NaN payload aside, "equal bits" means Object.is equality.
 */
export function compare(actual: Values, expected: FixtureOutput, label: string, tol: { abs?: number; ulp?: number } = {}): Comparison {
  const exp = decodeValues(expected) as Values;
  if (actual.length !== exp.length) {
    return { ok: false, mismatches: -1, maxUlp: Infinity, maxAbs: Infinity, message: `${label}: length ${actual.length}, PyTorch has ${exp.length}` };
  }
  let first = -1;
  let mismatches = 0;
  let maxUlp = 0;
  let maxAbs = 0;
  const isFloat = expected.dtype === "float32" || expected.dtype === "float64";
  for (let i = 0; i < exp.length; i++) {
    const a = actual[i]!;
    const e = exp[i]!;
    if (Object.is(a, e)) continue;
    if (isFloat) {
      const ulp = ulpDistance(a as number, e as number, expected.dtype as "float32" | "float64");
      const abs = Math.abs((a as number) - (e as number));
      maxUlp = Math.max(maxUlp, ulp);
      maxAbs = Math.max(maxAbs, abs);
      if ((tol.abs !== undefined && abs <= tol.abs) || (tol.ulp !== undefined && ulp <= tol.ulp)) continue;
    }
    mismatches++;
    if (first < 0) first = i;
  }
  if (mismatches === 0) return { ok: true, mismatches, maxUlp, maxAbs, message: "" };
  const a = actual[first]!;
  const e = exp[first]!;
  return {
    ok: false,
    mismatches,
    maxUlp,
    maxAbs,
    message:
      `${label}: ${mismatches} of ${exp.length} elements differ; first at index ${first}: ` +
      `nninit ${String(a)} (${hexBits(a, expected.dtype)}) vs PyTorch ${String(e)} (${hexBits(e, expected.dtype)}); ` +
      `max ${maxUlp} ulp, max abs ${maxAbs}`,
  };
}
