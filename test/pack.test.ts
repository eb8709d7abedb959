/**
 * The package as a user gets it: `npm pack`, install the tarball into an empty project
 * (offline: nninit has no runtime dependencies), and run the README's first snippet there.
 * Its output must equal PyTorch's bits for the same call.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compare, loadFixture } from "./support/fixtures.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CASE = "torch.manual_seed(0); torch.nn.init.kaiming_normal_(torch.empty(256, 784), mode='fan_in', nonlinearity='relu')";

const SNIPPET = `
import { manual_seed, empty, nn } from "nninit";

manual_seed(0);
const w = empty(256, 784);                      // float32, like torch.empty
nn.init.kaiming_normal_(w, { mode: "fan_in", nonlinearity: "relu" });
process.stdout.write(Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength).toString("base64"));
`;

test("npm pack → install in an empty project → README snippet equals PyTorch's bits", { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "nninit-pack-"));
  try {
    const packed = JSON.parse(
      // dist/ is already built by `npm test`; skip `prepare` so the JSON on stdout stays clean.
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: REPO, encoding: "utf8" }),
    ) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    assert.ok(files.includes("dist/index.js") && files.includes("dist/index.d.ts"), "tarball has dist/ with types");
    assert.ok(!files.some((f) => f.startsWith("src/") || f.startsWith("test/")), "tarball ships no sources or tests");
    assert.ok(files.includes("dist/lab/report/vendor/chart.umd.js"), "tarball ships the vendored Chart.js for reports");
    assert.ok(files.some((f) => f.startsWith("data/fashion-mnist-subset/")), "tarball ships the embedded Fashion-MNIST subset");

    const app = join(dir, "app");
    execFileSync("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", join(dir, packed[0]!.filename)], { cwd: app, stdio: "pipe" });
    writeFileSync(join(app, "index.mjs"), SNIPPET);
    const b64 = execFileSync("node", ["index.mjs"], { cwd: app, encoding: "utf8", maxBuffer: 64 << 20 });

    // The CLI as a user runs it: the bin, the embedded data, and a self-contained report.
    const version = execFileSync("npx", ["--no-install", "nninit", "--version"], { cwd: app, encoding: "utf8" });
    assert.match(version, /0\.1\.0/);
    execFileSync("npx", ["--no-install", "nninit", "lab", "seed", "--epochs", "1", "--out", "report"], { cwd: app, stdio: "pipe" });
    const results = JSON.parse(readFileSync(join(app, "report", "results.json"), "utf8")) as { schema: string; data: { source: string } };
    assert.equal(results.schema, "nninit-lab/1");
    assert.equal(results.data.source, "embedded");
    const html = readFileSync(join(app, "report", "report.html"), "utf8");
    assert.ok(html.includes("Chart") && !/<script[^>]+src=/.test(html), "report inlines its chart library");

    for (const build of ["torch-2.13.0-pip", "torch-1.13.1-debian"]) {
      const c = loadFixture(build, "init.json")?.cases.find((x) => x.name === CASE);
      assert.ok(c, `fixture case missing in ${build}: ${CASE}`);
      const actual = new Float32Array(new Uint8Array(Buffer.from(b64, "base64")).buffer);
      const r = compare(actual, c.outputs![0]!, build);
      assert.ok(r.ok, r.message);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
