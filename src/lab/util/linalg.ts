/**
 * Small dense linear algebra in binary64 for the studies that need exact answers:
 * matrix products and singular values by one-sided Jacobi (Hestenes 1958; Demmel & Veselić
 * 1992), which computes even tiny singular values to high relative accuracy.
 */

/** A row-major rows × cols binary64 matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  const d = new Float64Array(rows * cols);
  if (data) d.set(data);
  return { rows, cols, data: d };
}

export function identity(n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** C = op(A)·op(B), with op(X) = Xᵀ when the flag is set. */
export function matmul(a: Matrix, b: Matrix, transA = false, transB = false): Matrix {
  const [m, k] = transA ? [a.cols, a.rows] : [a.rows, a.cols];
  const [k2, n] = transB ? [b.cols, b.rows] : [b.rows, b.cols];
  if (k !== k2) throw new Error(`matmul: inner dimensions ${k} and ${k2} differ`);
  // Bring B to row-major (k × n) so the inner loop runs along contiguous rows.
  const bd = transB ? transpose(b).data : b.data;
  const ad = a.data;
  const out = matrix(m, n);
  const o = out.data;
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = transA ? ad[p * a.cols + i]! : ad[i * a.cols + p]!;
      if (aip === 0) continue;
      const row = p * n;
      const orow = i * n;
      for (let j = 0; j < n; j++) o[orow + j] += aip * bd[row + j]!;
    }
  }
  return out;
}

export function transpose(a: Matrix): Matrix {
  const t = matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j]!;
  return t;
}

/**
 * All singular values of `a`, largest first, by one-sided Jacobi on the rows of a copy:
 * rotate pairs of rows until every pair is orthogonal to working precision; the singular
 * values are then the row norms (the row space's rotations leave them unchanged).
 */
export function singularValues(a: Matrix, maxSweeps = 60): number[] {
  // Work on the orientation with fewer rows: its rows are the vectors to orthogonalise.
  const u = a.rows <= a.cols ? matrix(a.rows, a.cols, a.data) : transpose(a);
  const n = u.rows;
  const m = u.cols;
  const d = u.data;
  const eps = 2.220446049250313e-16;
  const sq = new Float64Array(n);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += d[i * m + k]! ** 2;
      sq[i] = s;
    }
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const po = p * m;
      for (let q = p + 1; q < n; q++) {
        const qo = q * m;
        let g = 0;
        for (let k = 0; k < m; k++) g += d[po + k]! * d[qo + k]!;
        const alpha = sq[p]!;
        const beta = sq[q]!;
        if (g === 0 || Math.abs(g) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * g);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < m; k++) {
          const x = d[po + k]!;
          const y = d[qo + k]!;
          d[po + k] = c * x - s * y;
          d[qo + k] = s * x + c * y;
        }
        sq[p] = alpha - t * g;
        sq[q] = beta + t * g;
      }
    }
    if (!rotated) break;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += d[i * m + k]! ** 2;
    out.push(Math.sqrt(s));
  }
  return out.sort((x, y) => y - x);
}
