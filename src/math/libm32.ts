/**
 * glibc 2.36's float `erff`, `expf` and `logf`, bit for bit, as Debian 12's libm computes them on
 * an x86-64 CPU with AVX2+FMA: ATen's float `erfinv` calls them in its Newton steps.
 *
 * Sources ported (tag glibc-2.36):
 * - `erff`: sysdeps/ieee754/flt-32/s_erff.c (fdlibm). Baseline build, every operation binary32.
 *   It calls `__ieee754_expf` = `__expf_fma` on this CPU.
 * - `expf`/`logf`: sysdeps/ieee754/flt-32/e_{exp,log}f.c compiled as the multiarch `-fma` variants.
 *
 * The fused steps were read from the disassembly of e_expf-fma.o and e_logf-fma.o; on a CPU
 * without FMA glibc selects the `_sse2` variants, whose results differ in rare last-bit cases.
 * `fround(Math.exp)` differs from `expf` for ~0.06 % of x in [-20, 0] and `fround(Math.log)`
 * from `logf` for ~0.7 % of x in (0, 1).
 */
import { fma64 } from "./fma.js";
import { hf, lowWord, fromWords, floatBits, floatFromBits, fr } from "./bits.js";

// ---------------------------------------------------------------------------------------
// expf (float): glibc e_expf.c, EXP2F_TABLE_BITS = 5, FMA variant (__expf_fma).
// ---------------------------------------------------------------------------------------

const EXPF_N = 32;
const EXPF_INVLN2N = hf("0x1.71547652b82fep0") * EXPF_N;
const EXPF_SHIFT = hf("0x1.8p52");
const EXPF_C0 = hf("0x1.c6af84b912394p-5") / EXPF_N / EXPF_N / EXPF_N;
const EXPF_C1 = hf("0x1.ebfce50fac4f3p-3") / EXPF_N / EXPF_N;
const EXPF_C2 = hf("0x1.62e42ff0c52d6p-1") / EXPF_N;
const EXPF_OFLOW_BOUND = hf("0x1.62e42ep6"); // log(0x1p128)
const EXPF_UFLOW_BOUND = hf("-0x1.9fe368p6"); // log(0x1p-150)
/** __exp2f_data.tab[i] = asuint64(2^(i/N)) - (i << 47), as (hi, lo) words. */
const EXPF_TAB = new Uint32Array([
  0x3ff00000, 0x00000000, 0x3fefd9b0, 0xd3158574, 0x3fefb558, 0x6cf9890f, 0x3fef9301, 0xd0125b51,
  0x3fef72b8, 0x3c7d517b, 0x3fef5487, 0x3168b9aa, 0x3fef387a, 0x6e756238, 0x3fef1e9d, 0xf51fdee1,
  0x3fef06fe, 0x0a31b715, 0x3feef1a7, 0x373aa9cb, 0x3feedea6, 0x4c123422, 0x3feece08, 0x6061892d,
  0x3feebfda, 0xd5362a27, 0x3feeb42b, 0x569d4f82, 0x3feeab07, 0xdd485429, 0x3feea47e, 0xb03a5585,
  0x3feea09e, 0x667f3bcd, 0x3fee9f75, 0xe8ec5f74, 0x3feea114, 0x73eb0187, 0x3feea589, 0x994cce13,
  0x3feeace5, 0x422aa0db, 0x3feeb737, 0xb0cdc5e5, 0x3feec491, 0x82a3f090, 0x3feed503, 0xb23e255d,
  0x3feee89f, 0x995ad3ad, 0x3feeff76, 0xf2fb5e47, 0x3fef199b, 0xdd85529c, 0x3fef3720, 0xdcef9069,
  0x3fef5818, 0xdcfba487, 0x3fef7c97, 0x337b9b5f, 0x3fefa4af, 0xa2a490da, 0x3fefd076, 0x5b6e4540,
]);

/** glibc 2.36 `expf` (the `__expf_fma` ifunc variant); `x` must be a float32 value. */
export function expf(x: number): number {
  const ix = floatBits(x);
  const abstop = (ix >>> 20) & 0x7ff;
  if (abstop >= 0x42b) {
    // |x| >= 88 or x is nan
    if (ix === (0xff800000 | 0)) return 0;
    if (abstop >= 0x7f8) return fr(x + x);
    if (x > EXPF_OFLOW_BOUND) return Infinity; // __math_oflowf
    if (x < EXPF_UFLOW_BOUND) return 0; // __math_uflowf
  }
  const kdShifted = fma64(EXPF_INVLN2N, x, EXPF_SHIFT);
  const kiLo = lowWord(kdShifted);
  const kd = kdShifted - EXPF_SHIFT;
  const r = fma64(EXPF_INVLN2N, x, -kd);
  const i = kiLo & (EXPF_N - 1);
  // t = T[ki % N] + (ki << 47): only the low 17 bits of ki reach the high word.
  const s = fromWords((EXPF_TAB[2 * i]! + (kiLo << 15)) >>> 0, EXPF_TAB[2 * i + 1]!);
  const z = fma64(r, EXPF_C0, EXPF_C1);
  const r2 = r * r;
  let y = fma64(r, EXPF_C2, 1);
  y = fma64(z, r2, y);
  return fr(y * s);
}

// ---------------------------------------------------------------------------------------
// logf (float): glibc e_logf.c, LOGF_TABLE_BITS = 4, FMA variant (__logf_fma).
// ---------------------------------------------------------------------------------------

const LOGF_INVC = [
  hf("0x1.661ec79f8f3bep+0"), hf("0x1.571ed4aaf883dp+0"), hf("0x1.49539f0f010bp+0"), hf("0x1.3c995b0b80385p+0"),
  hf("0x1.30d190c8864a5p+0"), hf("0x1.25e227b0b8eap+0"), hf("0x1.1bb4a4a1a343fp+0"), hf("0x1.12358f08ae5bap+0"),
  hf("0x1.0953f419900a7p+0"), hf("0x1p+0"), hf("0x1.e608cfd9a47acp-1"), hf("0x1.ca4b31f026aap-1"),
  hf("0x1.b2036576afce6p-1"), hf("0x1.9c2d163a1aa2dp-1"), hf("0x1.886e6037841edp-1"), hf("0x1.767dcf5534862p-1"),
];
const LOGF_LOGC = [
  hf("-0x1.57bf7808caadep-2"), hf("-0x1.2bef0a7c06ddbp-2"), hf("-0x1.01eae7f513a67p-2"), hf("-0x1.b31d8a68224e9p-3"),
  hf("-0x1.6574f0ac07758p-3"), hf("-0x1.1aa2bc79c81p-3"), hf("-0x1.a4e76ce8c0e5ep-4"), hf("-0x1.1973c5a611cccp-4"),
  hf("-0x1.252f438e10c1ep-5"), hf("0x0p+0"), hf("0x1.aa5aa5df25984p-5"), hf("0x1.c5e53aa362eb4p-4"),
  hf("0x1.526e57720db08p-3"), hf("0x1.bc2860d22477p-3"), hf("0x1.1058bc8a07ee1p-2"), hf("0x1.4043057b6ee09p-2"),
];
const LOGF_LN2 = hf("0x1.62e42fefa39efp-1");
const LOGF_A0 = hf("-0x1.00ea348b88334p-2");
const LOGF_A1 = hf("0x1.5575b0be00b6ap-2");
const LOGF_A2 = hf("-0x1.ffffef20a4123p-2");
const LOGF_OFF = 0x3f330000;

/** glibc 2.36 `logf` (the `__logf_fma` ifunc variant); `x` must be a float32 value. */
export function logf(x: number): number {
  let ix = floatBits(x) >>> 0;
  if (ix === 0x3f800000) return 0;
  if (((ix - 0x00800000) >>> 0) >= 0x7f800000 - 0x00800000) {
    // x < 0x1p-126 or inf or nan
    if (((ix << 1) >>> 0) === 0) return -Infinity; // __math_divzerof
    if (ix === 0x7f800000) return x;
    if (ix & 0x80000000 || ((ix << 1) >>> 0) >= 0xff000000) return NaN; // __math_invalidf
    // subnormal: normalize
    ix = (floatBits(fr(x * 8388608)) >>> 0) - (23 << 23);
  }
  const tmp = (ix - LOGF_OFF) | 0;
  const i = (tmp >>> 19) & 15;
  const k = tmp >> 23; // arithmetic shift
  const iz = (ix - (tmp & 0xff800000)) | 0;
  const z = floatFromBits(iz);
  const r = fma64(z, LOGF_INVC[i]!, -1);
  const y0 = fma64(k, LOGF_LN2, LOGF_LOGC[i]!);
  const r2 = r * r;
  let y = fma64(r, LOGF_A1, LOGF_A2);
  y = fma64(r2, LOGF_A0, y);
  y = fma64(r2, y, r + y0);
  return fr(y);
}

// ---------------------------------------------------------------------------------------
// erff (float): fdlibm s_erff.c, every operation binary32 (no FMA in the baseline build).
// A binary32 +,-,*,/ done in binary64 and rounded once to binary32 is correctly rounded,
// so `fr(a op b)` is exactly the C float operation.
// ---------------------------------------------------------------------------------------

const ERXF = floatFromBits(0x3f58560b); // 8.4506291151e-1
const EFXF = floatFromBits(0x3e0375d4); // 1.2837916613e-1
const PP0F = floatFromBits(0x3e0375d4); // 1.2837916613e-1
const PP1F = floatFromBits(0xbea66beb); // -3.2504209876e-1
const PP2F = floatFromBits(0xbce9528f); // -2.8481749818e-2
const PP3F = floatFromBits(0xbbbd1489); // -5.7702702470e-3
const PP4F = floatFromBits(0xb7c756b1); // -2.3763017452e-5
const QQ1F = floatFromBits(0x3ecbbbce); // 3.9791721106e-1
const QQ2F = floatFromBits(0x3d852a63); // 6.5022252500e-02
const QQ3F = floatFromBits(0x3ba68116); // 5.0813062117e-3
const QQ4F = floatFromBits(0x390aee49); // 1.3249473704e-4
const QQ5F = floatFromBits(0xb684e21a); // -3.9602282413e-6
const PA0F = floatFromBits(0xbb1acdc6); // -2.3621185683e-3
const PA1F = floatFromBits(0x3ed46805); // 4.1485610604e-1
const PA2F = floatFromBits(0xbebe9208); // -3.7220788002e-1
const PA3F = floatFromBits(0x3ea2fe54); // 3.1834661961e-1
const PA4F = floatFromBits(0xbde31cc2); // -1.1089469492e-1
const PA5F = floatFromBits(0x3d1151b3); // 3.5478305072e-2
const PA6F = floatFromBits(0xbb0df9c0); // -2.1663755178e-3
const QA1F = floatFromBits(0x3dd9f331); // 1.0642088205e-1
const QA2F = floatFromBits(0x3f0a5785); // 5.4039794207e-1
const QA3F = floatFromBits(0x3d931ae7); // 7.1828655899e-2
const QA4F = floatFromBits(0x3e013307); // 1.2617121637e-1
const QA5F = floatFromBits(0x3c5f6e13); // 1.3637083583e-2
const QA6F = floatFromBits(0x3c445aa3); // 1.1984500103e-2
const RA0F = floatFromBits(0xbc21a093); // -9.8649440333e-3
const RA1F = floatFromBits(0xbf31a0b7); // -6.9385856390e-1
const RA2F = floatFromBits(0xc128f022); // -1.0558626175e1
const RA3F = floatFromBits(0xc2798057); // -6.2375331879e1
const RA4F = floatFromBits(0xc322658c); // -1.6239666748e2
const RA5F = floatFromBits(0xc3389ae7); // -1.8460508728e2
const RA6F = floatFromBits(0xc2a2932b); // -8.1287437439e1
const RA7F = floatFromBits(0xc11d077e); // -9.8143291473e0
const SA1F = floatFromBits(0x419d35ce); // 1.9651271820e1
const SA2F = floatFromBits(0x4309a863); // 1.3765776062e2
const SA3F = floatFromBits(0x43d9486f); // 4.3456588745e2
const SA4F = floatFromBits(0x442158c9); // 6.4538726807e2
const SA5F = floatFromBits(0x43d6810b); // 4.2900814819e2
const SA6F = floatFromBits(0x42d9451f); // 1.0863500214e2
const SA7F = floatFromBits(0x40d23f7c); // 6.5702495575e0
const SA8F = floatFromBits(0xbd777f97); // -6.0424413532e-2
const RB0F = floatFromBits(0xbc21a092); // -9.8649431020e-3
const RB1F = floatFromBits(0xbf4c9dd4); // -7.9928326607e-1
const RB2F = floatFromBits(0xc18e104b); // -1.7757955551e1
const RB3F = floatFromBits(0xc320a2ea); // -1.6063638306e2
const RB4F = floatFromBits(0xc41f6441); // -6.3756646729e2
const RB5F = floatFromBits(0xc480230b); // -1.0250950928e3
const RB6F = floatFromBits(0xc3f1c275); // -4.8351919556e2
const SB1F = floatFromBits(0x41f2b459); // 3.0338060379e1
const SB2F = floatFromBits(0x43a2e571); // 3.2579251099e2
const SB3F = floatFromBits(0x44c01759); // 1.5367296143e3
const SB4F = floatFromBits(0x4547fdbb); // 3.1998581543e3
const SB5F = floatFromBits(0x451f90ce); // 2.5530502930e3
const SB6F = floatFromBits(0x43ed43a7); // 4.7452853394e2
const SB7F = floatFromBits(0xc1b38712); // -2.2440952301e1
const TINYF = fr(1e-30);

/** c[0] + x*(c[1] + x*(... + x*c[n])) with every operation rounded to binary32, as fdlibm writes it. */
function polyF(x: number, c: readonly number[]): number {
  let p = c[c.length - 1]!;
  for (let i = c.length - 2; i >= 0; i--) p = fr(c[i]! + fr(x * p));
  return p;
}

const ERFF_PP = [PP0F, PP1F, PP2F, PP3F, PP4F];
const ERFF_QQ = [1, QQ1F, QQ2F, QQ3F, QQ4F, QQ5F];
const ERFF_PA = [PA0F, PA1F, PA2F, PA3F, PA4F, PA5F, PA6F];
const ERFF_QA = [1, QA1F, QA2F, QA3F, QA4F, QA5F, QA6F];
const ERFF_RA = [RA0F, RA1F, RA2F, RA3F, RA4F, RA5F, RA6F, RA7F];
const ERFF_SA = [1, SA1F, SA2F, SA3F, SA4F, SA5F, SA6F, SA7F, SA8F];
const ERFF_RB = [RB0F, RB1F, RB2F, RB3F, RB4F, RB5F, RB6F];
const ERFF_SB = [1, SB1F, SB2F, SB3F, SB4F, SB5F, SB6F, SB7F];

/** glibc 2.36 `erff` (fdlibm s_erff.c); `x` must be a float32 value. */
export function erff(x: number): number {
  const hx = floatBits(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7f800000) {
    // erf(nan) = nan, erf(+-inf) = +-1
    const i = (hx >>> 31) << 1;
    return fr(1 - i + fr(1 / x));
  }
  if (ix < 0x3f580000) {
    // |x| < 0.84375
    if (ix < 0x31800000) {
      // |x| < 2**-28
      if (ix < 0x04000000) return fr(0.0625 * fr(fr(16 * x) + fr(fr(16 * EFXF) * x)));
      return fr(x + fr(EFXF * x));
    }
    const z = fr(x * x);
    const r = polyF(z, ERFF_PP);
    const s = polyF(z, ERFF_QQ);
    const y = fr(r / s);
    return fr(x + fr(x * y));
  }
  if (ix < 0x3fa00000) {
    // 0.84375 <= |x| < 1.25
    const s = fr(Math.abs(x) - 1);
    const P = polyF(s, ERFF_PA);
    const Q = polyF(s, ERFF_QA);
    return hx >= 0 ? fr(ERXF + fr(P / Q)) : fr(-ERXF - fr(P / Q));
  }
  if (ix >= 0x40c00000) {
    // inf > |x| >= 6
    return hx >= 0 ? fr(1 - TINYF) : fr(TINYF - 1);
  }
  const ax = Math.abs(x);
  const s = fr(1 / fr(ax * ax));
  let R: number;
  let S: number;
  if (ix < 0x4036db6e) {
    // |x| < 1/0.35
    R = polyF(s, ERFF_RA);
    S = polyF(s, ERFF_SA);
  } else {
    // |x| >= 1/0.35
    R = polyF(s, ERFF_RB);
    S = polyF(s, ERFF_SB);
  }
  const z = floatFromBits(floatBits(ax) & 0xfffff000);
  const e1 = expf(fr(fr(-z * z) - 0.5625));
  const e2 = expf(fr(fr(fr(z - ax) * fr(z + ax)) + fr(R / S)));
  const r = fr(e1 * e2);
  return hx >= 0 ? fr(1 - fr(r / ax)) : fr(fr(r / ax) - 1);
}
