// Compiles nninit's AssemblyScript kernels (entry assembly/index.ts, which re-exports every
// kernel file) with the `asc` compiler from node_modules, twice from the same sources:
// - dist/kernels/nninit.wasm: SIMD (no relaxed SIMD: Node 20 lacks it without a flag);
// - dist/kernels/nninit-relaxed.wasm: SIMD + relaxed SIMD. asc's compile-time constant
//   ASC_FEATURE_RELAXED_SIMD (assembly/relaxed.ts) switches every emulated fused multiply-add
//   to a real f32x4/f64x2.relaxed_madd; src/kernels/wasm/runtime.ts loads this module only
//   where the engine accepts it and a probe shows relaxed_madd is fused.
// Exits non-zero on failure. Run by `npm run build`, after tsc.
// Flags: -O3, threads on (atomics and a *shared* memory, imported from the host as env.memory
// so worker threads can import the same one; shared memory needs a declared maximum: MAX_PAGES
// below, also read by the host), the stub runtime (the kernels allocate nothing: the host
// manages memory above heapBase()), assertions off and no `abort` import.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "assembly", "index.ts");
const outDir = path.join(root, "dist", "kernels");
// 4 GiB, the wasm32 limit. V8 reserves address space, not memory, for the maximum.
const MAX_PAGES = 65536;
const ascBin = path.join(root, "node_modules", "assemblyscript", "bin", "asc.js");
const NEED = ["sgemm", "heapBase", "zeroBytes", "workFloats", "panelQR", "unpackV", "formT", "applyBlockReflector", "blockWorkFloats", "transpose64", "relaxedProbe32", "relaxedProbe64"];

if (!fs.existsSync(ascBin)) {
  console.error(`build-wasm: AssemblyScript compiler not found at ${ascBin} (npm install first)`);
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });

function compile(out, features) {
  const args = [
    ascBin, src,
    "--outFile", out,
    "-O3", "--noAssert",
    ...features.flatMap((f) => ["--enable", f]),
    "--runtime", "stub",
    "--use", "abort=",
    "--importMemory",
    "--sharedMemory",
    "--initialMemory", "1",
    "--maximumMemory", String(MAX_PAGES),
  ];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0 || !fs.existsSync(out)) {
    console.error(`build-wasm: asc failed for ${path.basename(out)} (status ${r.status}${r.error ? `, ${r.error.message}` : ""})`);
    process.exit(1);
  }
}

// Validates `file` and checks its exports, in this process or (relaxed) in a child node with
// the V8 flag that enables relaxed SIMD, since Node 20 rejects the module without it. Also
// checks that the relaxed build really contains relaxed instructions (the plain engine must
// reject it) and the baseline build none. Prints the child's probe result for information.
const CHECK = `
const fs = require("node:fs");
const [file, need, relaxed] = [process.argv[1], process.argv[2].split(","), process.argv[3] === "1"];
const bytes = fs.readFileSync(file);
if (!WebAssembly.validate(bytes)) { console.error("does not validate"); process.exit(1); }
const m = new WebAssembly.Module(bytes);
const exps = WebAssembly.Module.exports(m).map((e) => e.name);
for (const n of need) if (!exps.includes(n)) { console.error("lacks export " + n); process.exit(1); }
const memory = new WebAssembly.Memory({ initial: 1, maximum: ${MAX_PAGES}, shared: true });
const e = new WebAssembly.Instance(m, { env: { memory } }).exports;
const f = Math.fround(1 + 2 ** -23);
const p32 = e.relaxedProbe32(f, f, Math.fround(-(1 + 2 ** -22)));
const p64 = e.relaxedProbe64(1 + 2 ** -52, 1 + 2 ** -52, -(1 + 2 ** -51));
if (relaxed ? Number.isNaN(p32) || Number.isNaN(p64) : !Number.isNaN(p32) || !Number.isNaN(p64)) { console.error("probe disagrees with the build"); process.exit(1); }
console.log(relaxed ? "probe: f32x4 " + (p32 === 2 ** -46 ? "fused" : "unfused") + ", f64x2 " + (p64 === 2 ** -104 ? "fused" : "unfused") + " on this machine" : "probe: baseline");
`;
function check(file, relaxed) {
  const flags = relaxed ? ["--experimental-wasm-relaxed-simd"] : [];
  const r = spawnSync(process.execPath, [...flags, "-e", CHECK, file, NEED.join(","), relaxed ? "1" : "0"], { encoding: "utf8" });
  if (r.status !== 0) {
    console.error(`build-wasm: ${path.relative(root, file)}: ${(r.stderr || r.stdout).trim()}`);
    process.exit(1);
  }
  const bytes = fs.readFileSync(file);
  // Node ≥ 21 accepts relaxed SIMD without a flag, so only a baseline that fails is an error.
  if (!relaxed && !WebAssembly.validate(bytes)) {
    console.error(`build-wasm: ${path.relative(root, file)} does not validate`);
    process.exit(1);
  }
  if (relaxed && Number(process.versions.node.split(".")[0]) < 21 && WebAssembly.validate(bytes)) {
    console.error(`build-wasm: ${path.relative(root, file)} validates without relaxed SIMD: it holds no relaxed instruction`);
    process.exit(1);
  }
  console.log(`build-wasm: wrote ${path.relative(root, file)} (${bytes.length} bytes; ${r.stdout.trim()})`);
}

const base = path.join(outDir, "nninit.wasm");
const relaxed = path.join(outDir, "nninit-relaxed.wasm");
compile(base, ["simd", "threads"]);
check(base, false);
compile(relaxed, ["simd", "relaxed-simd", "threads"]);
check(relaxed, true);
