/** Checks on `--data DIR`, shared by `nninit lab` and `nninit inspect`, with how-to-get-it advice. */
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { locate_mnist_files } from "../data/mnist.js";

export const GET_DATA = [
  "To get Fashion-MNIST:",
  "  - apt-get install dataset-fashion-mnist   (installs it in /usr/share/datasets/fashion-mnist/, found without --data)",
  "  - or point --data at a directory holding the four IDX files from https://github.com/zalandoresearch/fashion-mnist:",
  "    train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each may be .gz)",
  "  - or omit --data to use the subset embedded in nninit (6000 training / 2000 test images)",
].join("\n");

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/** null when `dir` holds both Fashion-MNIST splits; otherwise what is wrong, followed by GET_DATA. */
export function checkDataDir(dir: string): string | null {
  const abs = resolve(dir);
  let problem: string | null = null;
  try {
    const st = statSync(abs);
    if (!st.isDirectory()) problem = `${abs} is not a directory`;
  } catch (e) {
    problem = code(e) === "ENOENT" ? `${abs} does not exist` : `cannot read ${abs} (${code(e)})`;
  }
  if (problem === null) {
    try {
      readdirSync(abs);
    } catch (e) {
      problem = `cannot read the directory ${abs} (${code(e)})`;
    }
  }
  if (problem === null) {
    for (const train of [true, false]) {
      try {
        locate_mnist_files("FashionMNIST", { root: abs, train }, {}, []);
      } catch (e) {
        const msg = String((e as Error).message ?? e);
        problem = msg.includes("incomplete")
          ? msg.replace(/^FashionMNIST: /, "").replace(/ Put both files.*$/, "")
          : `no Fashion-MNIST ${train ? "training" : "test"} files in ${abs} (looked in it, in ${join(abs, "FashionMNIST", "raw")} and in ${join(abs, "fashion-mnist")})`;
        break;
      }
    }
  }
  return problem === null ? null : `--data ${dir}: ${problem}.\n${GET_DATA}`;
}

/** Whether a complete Fashion-MNIST is installed where the lab finds it without --data (NNINIT_DATA or Debian's copy). */
export function fullDataInstalled(env: Record<string, string | undefined> = process.env): boolean {
  try {
    return locate_mnist_files("FashionMNIST", { train: true }, env).source !== "embedded";
  } catch {
    return false;
  }
}
