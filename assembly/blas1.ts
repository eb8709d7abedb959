// float64 vector kernels (f64x2) for the Householder panel: dot, axpy, scale. Pointers are byte
// addresses of contiguous doubles (any 8-byte alignment: wasm v128 loads may be unaligned).

/** Σ x_i y_i over n doubles, in two f64x2 accumulators (four partial sums). */
export function ddot(n: i32, x: usize, y: usize): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    s0 = f64x2.add(s0, f64x2.mul(v128.load(x + o), v128.load(y + o)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
  }
  const s = f64x2.add(s0, s1);
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) r += load<f64>(x + (<usize>i << 3)) * load<f64>(y + (<usize>i << 3));
  return r;
}

/** y ← y + alpha·x over n doubles. */
export function daxpy(n: i32, alpha: f64, x: usize, y: usize): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
    v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.mul(va, v128.load(x + o, 16))), 16);
  }
  for (; i < n; i++) {
    const p = y + (<usize>i << 3);
    store<f64>(p, load<f64>(p) + alpha * load<f64>(x + (<usize>i << 3)));
  }
}

/** x ← alpha·x over n doubles. */
export function dscal(n: i32, alpha: f64, x: usize): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const p = x + (<usize>i << 3);
    v128.store(p, f64x2.mul(va, v128.load(p)));
  }
  if (i < n) {
    const p = x + (<usize>i << 3);
    store<f64>(p, alpha * load<f64>(p));
  }
}
