// Blocked float64 transpose, for the QR's layout changes (the host's matrices are row-major,
// LAPACK's algorithms want columns contiguous). 8 × 8 tiles keep both the read and the write
// side within a few cache lines, where a plain double loop strides through memory on one side.

const TB: i32 = 8;

/** dst (cols × rows, row-major) = srcᵀ, src rows × cols row-major; src and dst must not overlap. */
export function transpose64(rows: i32, cols: i32, src: usize, dst: usize): void {
  for (let i0 = 0; i0 < rows; i0 += TB) {
    const i1 = min(rows, i0 + TB);
    for (let j0 = 0; j0 < cols; j0 += TB) {
      const j1 = min(cols, j0 + TB);
      for (let i = i0; i < i1; i++) {
        const s = src + ((<usize>i * cols) << 3);
        for (let j = j0; j < j1; j++) {
          store<f64>(dst + ((<usize>j * rows + i) << 3), load<f64>(s + (<usize>j << 3)));
        }
      }
    }
  }
}
