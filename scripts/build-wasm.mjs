// Compiles nninit's AssemblyScript kernels (entry assembly/index.ts, which re-exports every
// kernel file) to dist/kernels/nninit.wasm with the `asc` compiler from node_modules. Exits
// non-zero on failure. Run by `npm run build`, after tsc.
// Flags: -O3, SIMD on (no relaxed-SIMD: Node 20 lacks it without a flag), threads on (atomics
// and a *shared* memory, imported from the host as env.memory so worker threads can import the
// same one; shared memory needs a declared maximum: MAX_PAGES below, also read by the host),
// the stub runtime (the kernels allocate nothing: the host manages memory above heapBase()),
// assertions off and no `abort` import.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "assembly", "index.ts");
const out = path.join(root, "dist", "kernels", "nninit.wasm");
// 4 GiB, the wasm32 limit. V8 reserves address space, not memory, for the maximum.
const MAX_PAGES = 65536;
const ascBin = path.join(root, "node_modules", "assemblyscript", "bin", "asc.js");

if (!fs.existsSync(ascBin)) {
  console.error(`build-wasm: AssemblyScript compiler not found at ${ascBin} (npm install first)`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(out), { recursive: true });
const args = [
  ascBin, src,
  "--outFile", out,
  "-O3", "--noAssert",
  "--enable", "simd",
  "--enable", "threads",
  "--runtime", "stub",
  "--use", "abort=",
  "--importMemory",
  "--sharedMemory",
  "--initialMemory", "1",
  "--maximumMemory", String(MAX_PAGES),
];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
if (r.status !== 0 || !fs.existsSync(out)) {
  console.error(`build-wasm: asc failed (status ${r.status}${r.error ? `, ${r.error.message}` : ""})`);
  process.exit(1);
}
// Sanity check: the binary validates and exports what src/kernels/wasm/ needs.
const bytes = fs.readFileSync(out);
if (!WebAssembly.validate(bytes)) {
  console.error("build-wasm: emitted module does not validate");
  process.exit(1);
}
const exps = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
for (const need of ["sgemm", "heapBase", "workFloats", "panelQR", "unpackV", "formT", "applyBlockReflector", "blockWorkFloats", "transpose64"]) {
  if (!exps.includes(need)) {
    console.error(`build-wasm: ${out} lacks export ${need}`);
    process.exit(1);
  }
}
console.log(`build-wasm: wrote ${path.relative(root, out)} (${bytes.length} bytes)`);
