#!/usr/bin/env bash
# The MLP training step (784-256-256-10, batch 128, SGD; bench/lib/mlp.mjs and the same model in
# PyTorch) timed in alternation: each round runs PyTorch 1.13, nninit under
# --experimental-wasm-relaxed-simd (nninit-relaxed.wasm) and nninit on plain Node 20 (nninit.wasm),
# 2 s each, 2 threads, and prints each one's median step in ms. On a host whose load comes and
# goes, rounds a few seconds apart see the same conditions, which one `npm run bench` (competitors
# minutes apart) does not. Needs `npm run build`, /usr/bin/python3 with torch.
# Usage: bash bench/micro/paired-mlp.sh [rounds=8] [seconds=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-8}; secs=${2:-2}
py=$(mktemp --suffix=.py); js=$(mktemp --suffix=.mjs)
trap 'rm -f "$py" "$js"' EXIT
cat > "$py" <<'PY'
import sys, time, torch
torch.set_num_threads(2); torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
x = torch.randn(128, 784); y = torch.randint(0, 10, (128,))
opt = torch.optim.SGD(m.parameters(), lr=0.01); lf = torch.nn.CrossEntropyLoss()
def step():
    opt.zero_grad(); l = lf(m(x), y); l.backward(); opt.step(); return l.item()
for _ in range(30): step()
ts = []; t0 = time.perf_counter()
while time.perf_counter() - t0 < float(sys.argv[1]):
    a = time.perf_counter(); step(); ts.append(time.perf_counter() - a)
ts.sort(); print("%.3f" % (ts[len(ts) // 2] * 1000))
PY
cat > "$js" <<JS
import { makeTrainStep } from "$PWD/bench/lib/mlp.mjs";
const lib = await import("$PWD/dist/index.js");
lib.set_num_threads(2); lib.manual_seed(0);
const step = makeTrainStep(lib, { layers: [784, 256, 256, 10], batch: 128, lr: 0.01 });
for (let i = 0; i < 50; i++) step();
const ts = []; const t0 = performance.now();
while (performance.now() - t0 < Number(process.argv[2]) * 1000) { const a = performance.now(); step(); ts.push(performance.now() - a); }
ts.sort((p, q) => p - q); console.log(ts[ts.length >> 1].toFixed(3));
JS
echo -e "round\tPyTorch 1.13 (ms)\tnninit relaxed (ms)\tnninit (ms)"
for r in $(seq "$rounds"); do
  pt=$(/usr/bin/python3 "$py" "$secs")
  rx=$(node --experimental-wasm-relaxed-simd "$js" "$secs")
  bs=$(node "$js" "$secs")
  echo -e "$r\t$pt\t$rx\t$bs"
done
