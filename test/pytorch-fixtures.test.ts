/**
 * Every case recorded from real PyTorch (scripts/fixtures/gen_rng_init.py), replayed through
 * nninit and compared bit for bit, per build, with the matching `set_pytorch_version`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { set_pytorch_version, NninitError } from "../src/index.js";
import { BUILDS, compare, loadFixture, type FixtureCase } from "./support/fixtures.js";
import { Replayer } from "./support/replay.js";

/** A case's outputs, each checked with the case's tolerance (none means bit for bit). */
function checkCase(c: FixtureCase): void {
  const outputs = new Replayer().run(c.steps);
  assert.equal(outputs.length, c.outputs?.length ?? 0, "number of outputs");
  (c.outputs ?? []).forEach((expected, k) => {
    const r = compare(outputs[k]!, expected, `output ${k}`, c.tolerance);
    assert.ok(r.ok, r.message);
  });
}

/** Python exception class → the nninit class that must be thrown for it. */
const ERROR_CLASS: Record<string, string[]> = {
  // 2.x raises ValueError for "Overflow when unpacking long" where 1.13 raised RuntimeError.
  ValueError: ["ValueError", "OverflowError"],
  ZeroDivisionError: ["ValueError"],
  IndexError: ["IndexError"],
  RuntimeError: ["RuntimeError", "ShapeError", "GeneratorError", "OverflowError"],
  TypeError: ["ArgumentTypeError"],
};

/**
 * PyTorch's message with numbers and quotes masked and case folded, so "from=0.9545" matches
 * "from=0.9544997…" and Python's `True` matches JavaScript's `true`.
 */
function skeleton(message: string): string {
  return message.toLowerCase().replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, "#").replace(/['"]/g, "").replace(/\s+/g, " ").trim();
}

for (const [build, version] of Object.entries(BUILDS)) {
  describe(`PyTorch fixtures: ${build}`, () => {
    for (const file of ["rng.json", "state.json", "init.json"]) {
      const fixture = loadFixture(build, file);
      if (!fixture) continue;
      describe(file, () => {
        for (const c of fixture.cases) {
          it(c.name, () => {
            set_pytorch_version(version);
            checkCase(c);
          });
        }
      });
    }

    const errors = loadFixture(build, "errors.json");
    if (errors) {
      describe("errors.json: raises where PyTorch raises", () => {
        for (const c of errors.cases) {
          it(`${c.name} -> ${c.error!.type}`, () => {
            set_pytorch_version(version);
            const steps = c.steps;
            const replayer = new Replayer();
            replayer.run(steps.slice(0, -1));
            let thrown: unknown;
            try {
              replayer.run(steps.slice(-1));
            } catch (e) {
              thrown = e;
            }
            assert.ok(thrown instanceof NninitError, `expected ${c.error!.type}("${c.error!.message}"), got ${String(thrown)}`);
            const allowed = ERROR_CLASS[c.error!.type] ?? [];
            assert.ok(allowed.includes(thrown.name), `PyTorch raises ${c.error!.type}; nninit threw ${thrown.name}: ${thrown.message}`);
            assert.ok(
              skeleton(thrown.message).includes(skeleton(c.error!.message)),
              `message should contain PyTorch's "${c.error!.message}", got "${thrown.message}"`,
            );
          });
        }
      });
      describe("errors.json no_error: succeeds where PyTorch succeeds", () => {
        for (const c of errors.no_error ?? []) {
          it(c.name, () => {
            set_pytorch_version(version);
            checkCase(c);
          });
        }
      });
    }
  });
}
