# PyTorch's side of bench/micro/subnormal.mjs part 1: a 256³ float32 matmul with normal
# operands vs operands whose products underflow to subnormals, with PyTorch's default
# (subnormals kept) and with torch.set_flush_denormal(True) (FTZ/DAZ). One thread.
# Usage: /usr/bin/python3 bench/micro/subnormal_torch.py  (or the venv's PyTorch 2.x)
import time
import torch

torch.set_num_threads(1)
torch.manual_seed(0)
n = 256
A0, B0 = torch.randn(n, n), torch.randn(n, n)
cases = [
    ("normal operands (|x| ~ 1)", A0, B0),
    ("A subnormal (|a| ~ 1e-39)", A0 * 1e-39, B0),
    ("products subnormal (|a|,|b| ~ 1e-20)", A0 * 1e-20, B0 * 1e-20),
    ("A all zero", torch.zeros(n, n), B0),
]


def best(fn, reps=50):
    fn()
    m = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        m = min(m, time.perf_counter() - t)
    return m


print(f"PyTorch {torch.__version__}: matmul {n}³ GFLOP/s, 1 thread (best of 50)")
for flush in (False, True):
    torch.set_flush_denormal(flush)
    for label, A, B in cases:
        s = best(lambda: torch.mm(A, B))
        print(f"flush_denormal={flush}\t{label}\t{2 * n**3 / s / 1e9:.2f}")
