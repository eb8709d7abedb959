// Compiles the AssemblyScript SIMD SGEMM (assembly/gemm.ts) to dist/kernels/gemm.wasm with the
// `asc` compiler from node_modules. Exits non-zero on failure. Run by `npm run build`, after tsc.
// Flags: -O3, SIMD on (f32x4 only, no relaxed-SIMD: Node 20 lacks it without a flag), the stub
// runtime (the kernel allocates nothing: the host manages linear memory above heapBase()),
// assertions off and no `abort` import, memory exported and growable.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "assembly", "gemm.ts");
const out = path.join(root, "dist", "kernels", "gemm.wasm");
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
  "--runtime", "stub",
  "--use", "abort=",
  "--initialMemory", "1",
];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
if (r.status !== 0 || !fs.existsSync(out)) {
  console.error(`build-wasm: asc failed (status ${r.status}${r.error ? `, ${r.error.message}` : ""})`);
  process.exit(1);
}
// Sanity check: the binary validates and exports what src/kernels/wasm-gemm.ts needs.
const bytes = fs.readFileSync(out);
if (!WebAssembly.validate(bytes)) {
  console.error("build-wasm: emitted module does not validate");
  process.exit(1);
}
const exps = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
for (const need of ["memory", "sgemm", "heapBase", "workFloats"]) {
  if (!exps.includes(need)) {
    console.error(`build-wasm: ${out} lacks export ${need}`);
    process.exit(1);
  }
}
console.log(`build-wasm: wrote ${path.relative(root, out)} (${bytes.length} bytes)`);
