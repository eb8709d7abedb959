// glibc 2.36's float `expf` and `logf` (their `-fma` ifunc variants, as on an AVX2+FMA CPU),
// bit for bit: ports of src/math/libm32.ts, which documents the sources and the fused steps.
// ATen's float erfinv calls them (assembly/erfinv.ts). Every fused step goes through the exact
// binary64 FMA emulation (assembly/fma64.ts), a single f64x2.relaxed_madd in the relaxed build.

import { fma64 } from "./fma64";

// expf: e_expf.c with EXP2F_TABLE_BITS = 5 (N = 32).
const EXPF_INVLN2N: f64 = 46.16624130844683; // 0x1.71547652b82fep0·N
const EXPF_SHIFT: f64 = 6755399441055744.0; // 0x1.8p52
const EXPF_C0: f64 = 0.0000016938359250920212; // 0x1.c6af84b912394p-5/N³
const EXPF_C1: f64 = 0.00023459809789509004; // 0x1.ebfce50fac4f3p-3/N²
const EXPF_C2: f64 = 0.021660849396613134; // 0x1.62e42ff0c52d6p-1/N
const EXPF_OFLOW_BOUND: f64 = 88.72283172607422; // log(0x1p128)
const EXPF_UFLOW_BOUND: f64 = -103.97207641601562; // log(0x1p-150)
/** __exp2f_data.tab[i] = asuint64(2^(i/N)) − (i << 47). */
const EXPF_TAB = memory.data<u64>([
  0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
  0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
  0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
  0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
  0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
  0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
  0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
  0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
]);

/** The scale 2^(ki/N) of expf's reduction: T[ki % N] + (ki << 47). */
@inline export function expfScale(ki: u64): f64 {
  return reinterpret<f64>(load<u64>(EXPF_TAB + (<usize>(ki & 31) << 3)) + (ki << 47));
}

/** glibc `expf` (`__expf_fma`). */
export function expf(x: f32): f32 {
  const ix = reinterpret<u32>(x);
  const abstop = (ix >> 20) & 0x7ff;
  if (abstop >= 0x42b) {
    // |x| >= 88 or x is nan
    if (ix == 0xff800000) return 0;
    if (abstop >= 0x7f8) return x + x;
    if (<f64>x > EXPF_OFLOW_BOUND) return Infinity;
    if (<f64>x < EXPF_UFLOW_BOUND) return 0;
  }
  const xd = <f64>x;
  const kdShifted = fma64(EXPF_INVLN2N, xd, EXPF_SHIFT);
  const ki = reinterpret<u64>(kdShifted);
  const kd = kdShifted - EXPF_SHIFT;
  const r = fma64(EXPF_INVLN2N, xd, -kd);
  const s = expfScale(ki);
  const z = fma64(r, EXPF_C0, EXPF_C1);
  const r2 = r * r;
  let y = fma64(r, EXPF_C2, 1);
  y = fma64(z, r2, y);
  return <f32>(y * s);
}

// logf: e_logf.c with LOGF_TABLE_BITS = 4.
const LOGF_INVC = memory.data<f64>([
  1.398907162146528, 1.3403141896637998, 1.286432210124115, 1.2367150214269895,
  1.1906977166711752, 1.1479821020556429, 1.1082251448272158, 1.0711297413057381,
  1.036437278977283, 1, 0.9492859795739057, 0.8951049428609004,
  0.8476821620351103, 0.8050314851692001, 0.7664671008843108, 0.731428603316328,
]);
const LOGF_LOGC = memory.data<f64>([
  -0.33569133332882284, -0.2929040563774074, -0.2518726580937369, -0.21245868807117255,
  -0.17453945183745634, -0.1380057072319758, -0.10275976698545139, -0.06871392447020525,
  -0.0357891387398228, 0, 0.05204517742929496, 0.11081431298787942,
  0.1652495223695143, 0.21687389031699977, 0.2659635028121397, 0.3127556664073557,
]);
export const LOGF_LN2: f64 = 0.6931471805599453; // 0x1.62e42fefa39efp-1
export const LOGF_A0: f64 = -0.25089342214237154; // -0x1.00ea348b88334p-2
export const LOGF_A1: f64 = 0.333456765744066; // 0x1.5575b0be00b6ap-2
export const LOGF_A2: f64 = -0.4999997485802103; // -0x1.ffffef20a4123p-2
const LOGF_OFF: u32 = 0x3f330000;

@inline export function logfInvc(i: u32): f64 {
  return load<f64>(LOGF_INVC + (<usize>i << 3));
}
@inline export function logfLogc(i: u32): f64 {
  return load<f64>(LOGF_LOGC + (<usize>i << 3));
}

/** glibc `logf` (`__logf_fma`). */
export function logf(x: f32): f32 {
  let ix = reinterpret<u32>(x);
  if (ix == 0x3f800000) return 0;
  if (ix - 0x00800000 >= 0x7f800000 - 0x00800000) {
    // x < 0x1p-126 or inf or nan
    if (ix << 1 == 0) return -Infinity;
    if (ix == 0x7f800000) return x;
    if ((ix & 0x80000000) != 0 || ix << 1 >= 0xff000000) return NaN;
    ix = reinterpret<u32>(x * 8388608.0) - (23 << 23); // subnormal: normalise
  }
  const tmp = ix - LOGF_OFF;
  const i = (tmp >> 19) & 15;
  const k = <i32>tmp >> 23;
  const iz = ix - (tmp & 0xff800000);
  const z = <f64>reinterpret<f32>(iz);
  const r = fma64(z, logfInvc(i), -1);
  const y0 = fma64(<f64>k, LOGF_LN2, logfLogc(i));
  const r2 = r * r;
  let y = fma64(r, LOGF_A1, LOGF_A2);
  y = fma64(r2, LOGF_A0, y);
  y = fma64(r2, y, r + y0);
  return <f32>y;
}
