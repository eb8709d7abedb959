#!/usr/bin/env python3
"""PyTorch side of nninit's benchmark (driven by bench/run.mjs, one process per interpreter).

    python bench/torch_bench.py --spec '{"ops": [...], "policy": {...}}'

`ops` is the op list (see bench/lib/ops.mjs: id, kind, shape, params, warmup, ...).
Prints lines "@@BENCH <json>": a hello line (torch version, threads), then for each op a
"start" line and a "result" line with the median time per call in ms. Same timing rules
as bench/lib/child.mjs: warm-up, then repeat until >= minReps AND >= minTimeMs (or
maxReps), never starting a repetition that would overrun budgetMs.

torch.set_num_threads(2): the benchmark machine has 2 cores; this pins PyTorch's intra-op
pool to them explicitly (most init kernels are single-threaded anyway; QR and the MLP's
matmuls use both).
"""
import json
import os
import sys
import time

TAG = "@@BENCH "


def emit(obj):
    sys.stdout.write(TAG + json.dumps(obj) + "\n")
    sys.stdout.flush()


def machine_busy_jiffies():
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        user, nice, system, _idle, _iowait, irq, softirq = v[:7]
        steal = v[7] if len(v) > 7 else 0
        return user + nice + system + irq + softirq + steal
    except Exception:
        return float("nan")


def now_ms():
    return time.perf_counter_ns() / 1e6


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def measure(fn, warmup, min_reps, min_time_ms, max_reps, budget_ms):
    clk = os.sysconf("SC_CLK_TCK")
    t0 = now_ms()
    cpu0 = time.process_time()
    busy0 = machine_busy_jiffies()
    last = 0.0
    for _ in range(warmup):
        a = now_ms()
        fn()
        last = now_ms() - a
    warmup_ms = last
    samples = []
    rep_start = now_ms()
    while True:
        n = len(samples)
        if n >= max_reps:
            break
        if n >= min_reps and now_ms() - rep_start >= min_time_ms:
            break
        est = samples[-1] if n else warmup_ms
        if now_ms() - t0 + est > budget_ms * 0.95:
            break
        a = now_ms()
        fn()
        samples.append(now_ms() - a)
    wall = now_ms() - t0
    own = (time.process_time() - cpu0) * 1000
    machine = (machine_busy_jiffies() - busy0) * 1000 / clk
    warmup_only = not samples
    xs = [warmup_ms] if warmup_only else samples
    return {
        "medianMs": median(xs), "minMs": min(xs), "maxMs": max(xs), "reps": len(xs),
        "warmupOnly": warmup_only, "warmupMs": warmup_ms, "wallMs": wall,
        "ownCores": own / wall, "foreignCores": min(os.cpu_count() or 1, max(0.0, (machine - own) / wall)),
    }


def prepare(torch, op):
    s, p = op.get("shape"), op["params"]
    init = torch.nn.init
    kind = op["kind"]
    # One tensor, filled in place on every call: this times the initialiser, not the allocator.
    w = torch.empty(*s) if not kind.startswith("train_") else None
    if kind == "normal":
        return lambda: init.normal_(w, mean=p["mean"], std=p["std"])
    if kind == "uniform":
        return lambda: init.uniform_(w, a=p["a"], b=p["b"])
    if kind == "kaiming_uniform":
        return lambda: init.kaiming_uniform_(w)
    if kind == "trunc_normal":
        return lambda: init.trunc_normal_(w, mean=p["mean"], std=p["std"], a=p["a"], b=p["b"])
    if kind == "orthogonal":
        return lambda: init.orthogonal_(w, gain=p["gain"])
    if kind == "train_mlp":
        dims, batch = p["layers"], p["batch"]
        mods = []
        for i in range(1, len(dims)):
            mods.append(torch.nn.Linear(dims[i - 1], dims[i]))
            if i < len(dims) - 1:
                mods.append(torch.nn.ReLU())
        model = torch.nn.Sequential(*mods)
        opt = torch.optim.SGD(model.parameters(), lr=p["lr"])
        loss_fn = torch.nn.CrossEntropyLoss()
        x = torch.randn(batch, dims[0])
        y = torch.randint(0, dims[-1], (batch,))

        def step():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()  # like TF.js trainOnBatch, which reads the loss back

        return step
    if kind == "train_cnn":
        nn, batch = torch.nn, p["batch"]
        model = nn.Sequential(
            nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 4 * 4, 10),
        )
        opt = torch.optim.SGD(model.parameters(), lr=p["lr"])
        loss_fn = nn.CrossEntropyLoss()
        x = torch.randn(batch, 1, 28, 28)
        y = torch.randint(0, 10, (batch,))

        def cnn_step():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()

        return cnn_step
    raise ValueError("unknown op kind " + kind)


def main():
    argv = sys.argv
    spec = json.loads(argv[argv.index("--spec") + 1])
    import torch

    torch.set_num_threads(2)
    torch.manual_seed(0)
    emit({"event": "hello", "name": "torch", "version": torch.__version__,
          "python": sys.version.split()[0], "threads": torch.get_num_threads(),
          "executable": sys.executable})
    pol = spec["policy"]
    for op in spec["ops"]:
        emit({"event": "start", "id": op["id"]})
        try:
            fn = prepare(torch, op)
            max_reps = op.get("maxReps") if op.get("maxReps") and not spec.get("quick") else pol["maxReps"]
            r = measure(fn, op.get("warmup", 1), pol["minReps"], pol["minTimeMs"], max_reps, pol["budgetMs"])
            emit({"event": "result", "id": op["id"], **r})
        except Exception as e:  # report, keep going
            emit({"event": "result", "id": op["id"], "error": f"{type(e).__name__}: {e}"})
    emit({"event": "done"})


if __name__ == "__main__":
    main()
