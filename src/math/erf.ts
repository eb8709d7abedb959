/**
 * glibc 2.36's `erf`, `erff`, `exp`, `expf` and `logf`, bit for bit, as Debian 12's
 * libm computes them on an x86-64 CPU with AVX2+FMA.
 *
 * Sources ported (tag glibc-2.36):
 * - `erf`:  sysdeps/ieee754/dbl-64/s_erf.c  (fdlibm). Built for baseline x86-64 (SSE2), so no
 *   operation is fused. It calls `__ieee754_exp`, an ifunc that picks `__ieee754_exp_fma`.
 * - `erff`: sysdeps/ieee754/flt-32/s_erff.c (fdlibm). Baseline build, every operation binary32.
 *   It calls `__ieee754_expf` = `__expf_fma` on this CPU.
 * - `exp`:  sysdeps/ieee754/dbl-64/e_exp.c compiled as sysdeps/x86_64/fpu/multiarch/e_exp-fma.c
 *   (`-mfma -mavx2`).
 * - `expf`/`logf`: sysdeps/ieee754/flt-32/e_{exp,log}f.c compiled as the multiarch `-fma` variants.
 *
 * Which `a*b + c` the FMA variants fuse was read from the disassembly of Debian's
 * libm-2.36.a members e_exp-fma.o, e_expf-fma.o and e_logf-fma.o (objdump -dr), not guessed:
 * every fused step below is written `fma64(...)`, every unfused one as plain arithmetic.
 * The tables and coefficients are those of glibc (checked against the .rodata of the
 * same objects). On a CPU without FMA, glibc would select the `_sse2` variants instead,
 * whose results differ in rare last-bit cases; this module reproduces the FMA selection.
 *
 * Why not the JS builtins (measured on 2e6 samples each): V8's `Math.exp` differs from glibc
 * `exp` in ~10 % of arguments in [-40, 0], which changes `erf` for ~0.13 % of |x| in
 * [1.25, 6); `fround(Math.exp)` differs from `expf` for ~0.06 % of x in [-20, 0] and
 * `fround(Math.log)` from `logf` for ~0.7 % of x in (0, 1).
 */
import { fma64 } from "./fma.js";

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer); // little-endian: U32[0] = low word, U32[1] = high word
const F32 = new Float32Array(1);
const I32F = new Int32Array(F32.buffer);

const fr = Math.fround;

/** Parses a C hexadecimal floating literal such as "-0x1.62e42fefa39efp-1" (exact for normal values). */
function hf(s: string): number {
  const m = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([-+]?\d+)$/i.exec(s);
  if (!m) throw new Error(`bad hex float ${s}`);
  const frac = m[3] ?? "";
  const mant = parseInt(m[2]! + frac, 16); // at most 53 significant bits: exact
  const v = mant * 2 ** (Number(m[4]) - 4 * frac.length);
  return m[1] === "-" ? -v : v;
}

function highWord(x: number): number {
  F64[0] = x;
  return U32[1]! | 0;
}

function fromWords(hi: number, lo: number): number {
  U32[0] = lo >>> 0;
  U32[1] = hi >>> 0;
  return F64[0]!;
}

function hexDouble(hi: number, lo: number): number {
  return fromWords(hi, lo);
}

function floatBits(x: number): number {
  F32[0] = x;
  return I32F[0]!;
}

function floatFromBits(b: number): number {
  I32F[0] = b | 0;
  return F32[0]!;
}

// ---------------------------------------------------------------------------------------
// exp (double): glibc e_exp.c, EXP_TABLE_BITS = 7, EXP_POLY_ORDER = 5, FMA variant.
// ---------------------------------------------------------------------------------------

const EXP_N = 128;
const EXP_INVLN2N = hf("0x1.71547652b82fep0") * EXP_N;
const EXP_NEGLN2HIN = hf("-0x1.62e42fefa0000p-8");
const EXP_NEGLN2LON = hf("-0x1.cf79abc9e3b3ap-47");
const EXP_SHIFT = hf("0x1.8p52");
const EXP_C2 = hf("0x1.ffffffffffdbdp-2");
const EXP_C3 = hf("0x1.555555555543cp-3");
const EXP_C4 = hf("0x1.55555cf172b91p-5");
const EXP_C5 = hf("0x1.1111167a4d017p-7");

/** __exp_data.tab: 2^(i/N) as (tail, sbits) pairs, each a uint64 given as (hi, lo) words. */
const EXP_TAB_WORDS = new Uint32Array([
  0x00000000, 0x00000000, 0x3ff00000, 0x00000000, 0x3c9b3b4f, 0x1a88bf6e, 0x3feff63d, 0xa9fb3335,
  0xbc716013, 0x9cd8dc5d, 0x3fefec9a, 0x3e778061, 0xbc905e7a, 0x108766d1, 0x3fefe315, 0xe86e7f85,
  0x3c8cd252, 0x3567f613, 0x3fefd9b0, 0xd3158574, 0xbc8bce80, 0x23f98efa, 0x3fefd06b, 0x29ddf6de,
  0x3c60f74e, 0x61e6c861, 0x3fefc745, 0x18759bc8, 0x3c90a3e4, 0x5b33d399, 0x3fefbe3e, 0xcac6f383,
  0x3c979aa6, 0x5d837b6d, 0x3fefb558, 0x6cf9890f, 0x3c8eb51a, 0x92fdeffc, 0x3fefac92, 0x2b7247f7,
  0x3c3ebe3d, 0x702f9cd1, 0x3fefa3ec, 0x32d3d1a2, 0xbc6a0334, 0x89906e0b, 0x3fef9b66, 0xaffed31b,
  0xbc955652, 0x2a2fbd0e, 0x3fef9301, 0xd0125b51, 0xbc5080ef, 0x8c4eea55, 0x3fef8abd, 0xc06c31cc,
  0xbc91c923, 0xb9d5f416, 0x3fef829a, 0xaea92de0, 0x3c80d3e3, 0xe95c55af, 0x3fef7a98, 0xc8a58e51,
  0xbc801b15, 0xeaa59348, 0x3fef72b8, 0x3c7d517b, 0xbc8f1ff0, 0x55de323d, 0x3fef6af9, 0x388c8dea,
  0x3c8b898c, 0x3f1353bf, 0x3fef635b, 0xeb6fcb75, 0xbc96d99c, 0x7611eb26, 0x3fef5be0, 0x84045cd4,
  0x3c9aecf7, 0x3e3a2f60, 0x3fef5487, 0x3168b9aa, 0xbc8fe782, 0xcb86389d, 0x3fef4d50, 0x22fcd91d,
  0x3c8a6f41, 0x44a6c38d, 0x3fef463b, 0x88628cd6, 0x3c807a05, 0xb0e4047d, 0x3fef3f49, 0x917ddc96,
  0x3c968efd, 0xe3a8a894, 0x3fef387a, 0x6e756238, 0x3c875e18, 0xf274487d, 0x3fef31ce, 0x4fb2a63f,
  0x3c80472b, 0x981fe7f2, 0x3fef2b45, 0x65e27cdd, 0xbc96b87b, 0x3f71085e, 0x3fef24df, 0xe1f56381,
  0x3c82f7e1, 0x6d09ab31, 0x3fef1e9d, 0xf51fdee1, 0xbc3d219b, 0x1a6fbffa, 0x3fef187f, 0xd0dad990,
  0x3c8b3782, 0x720c0ab4, 0x3fef1285, 0xa6e4030b, 0x3c6e1492, 0x89cecb8f, 0x3fef0caf, 0xa93e2f56,
  0x3c834d75, 0x4db0abb6, 0x3fef06fe, 0x0a31b715, 0x3c864201, 0xe2ac744c, 0x3fef0170, 0xfc4cd831,
  0x3c8fdd39, 0x5dd3f84a, 0x3feefc08, 0xb26416ff, 0xbc86a380, 0x3b8e5b04, 0x3feef6c5, 0x5f929ff1,
  0xbc924aed, 0xcc4b5068, 0x3feef1a7, 0x373aa9cb, 0xbc9907f8, 0x1b512d8e, 0x3feeecae, 0x6d05d866,
  0xbc71d1e8, 0x3e9436d2, 0x3feee7db, 0x34e59ff7, 0xbc991919, 0xb3ce1b15, 0x3feee32d, 0xc313a8e5,
  0x3c859f48, 0xa72a4c6d, 0x3feedea6, 0x4c123422, 0xbc931260, 0x7a28698a, 0x3feeda45, 0x04ac801c,
  0xbc58a78f, 0x4817895b, 0x3feed60a, 0x21f72e2a, 0xbc7c2c9b, 0x67499a1b, 0x3feed1f5, 0xd950a897,
  0x3c4363ed, 0x60c2ac11, 0x3feece08, 0x6061892d, 0x3c966609, 0x3b0664ef, 0x3feeca41, 0xed1d0057,
  0x3c6ecce1, 0xdaa10379, 0x3feec6a2, 0xb5c13cd0, 0x3c93ff8e, 0x3f0f1230, 0x3feec32a, 0xf0d7d3de,
  0x3c7690ce, 0xbb7aafb0, 0x3feebfda, 0xd5362a27, 0x3c931dbd, 0xeb54e077, 0x3feebcb2, 0x99fddd0d,
  0xbc8f9434, 0x0071a38e, 0x3feeb9b2, 0x769d2ca7, 0xbc87decc, 0xdc93a349, 0x3feeb6da, 0xa2cf6642,
  0xbc78dec6, 0xbd0f385f, 0x3feeb42b, 0x569d4f82, 0xbc861246, 0xec7b5cf6, 0x3feeb1a4, 0xca5d920f,
  0x3c933505, 0x18fdd78e, 0x3feeaf47, 0x36b527da, 0x3c7b98b7, 0x2f8a9b05, 0x3feead12, 0xd497c7fd,
  0x3c9063e1, 0xe21c5409, 0x3feeab07, 0xdd485429, 0x3c34c785, 0x5019c6ea, 0x3feea926, 0x8a5946b7,
  0x3c9432e6, 0x2b64c035, 0x3feea76f, 0x15ad2148, 0xbc8ce44a, 0x6199769f, 0x3feea5e1, 0xb976dc09,
  0xbc8c33c5, 0x3bef4da8, 0x3feea47e, 0xb03a5585, 0xbc845378, 0x892be9ae, 0x3feea346, 0x34ccc320,
  0xbc93cedd, 0x78565858, 0x3feea238, 0x82552225, 0x3c5710aa, 0x807e1964, 0x3feea155, 0xd44ca973,
  0xbc93b3ef, 0xbf5e2228, 0x3feea09e, 0x667f3bcd, 0xbc6a12ad, 0x8734b982, 0x3feea012, 0x750bdabf,
  0xbc6367ef, 0xb86da9ee, 0x3fee9fb2, 0x3c651a2f, 0xbc80dc3d, 0x54e08851, 0x3fee9f7d, 0xf9519484,
  0xbc781f64, 0x7e5a3ecf, 0x3fee9f75, 0xe8ec5f74, 0xbc86ee4a, 0xc08b7db0, 0x3fee9f9a, 0x48a58174,
  0xbc861932, 0x1e55e68a, 0x3fee9feb, 0x564267c9, 0x3c909ccb, 0x5e09d4d3, 0x3feea069, 0x4fde5d3f,
  0xbc7b32dc, 0xb94da51d, 0x3feea114, 0x73eb0187, 0x3c94ecfd, 0x5467c06b, 0x3feea1ed, 0x0130c132,
  0x3c65ebe1, 0xabd66c55, 0x3feea2f3, 0x36cf4e62, 0xbc88a1c5, 0x2fb3cf42, 0x3feea427, 0x543e1a12,
  0xbc9369b6, 0xf13b3734, 0x3feea589, 0x994cce13, 0xbc805e84, 0x3a19ff1e, 0x3feea71a, 0x4623c7ad,
  0xbc94d450, 0xd872576e, 0x3feea8d9, 0x9b4492ed, 0x3c90ad67, 0x5b0e8a00, 0x3feeaac7, 0xd98a6699,
  0x3c8db72f, 0xc1f0eab4, 0x3feeace5, 0x422aa0db, 0xbc65b660, 0x9cc5e7ff, 0x3feeaf32, 0x16b5448c,
  0x3c7bf683, 0x59f35f44, 0x3feeb1ae, 0x99157736, 0xbc93091f, 0xa71e3d83, 0x3feeb45b, 0x0b91ffc6,
  0xbc5da9b8, 0x8b6c1e29, 0x3feeb737, 0xb0cdc5e5, 0xbc6c23f9, 0x7c90b959, 0x3feeba44, 0xcbc8520f,
  0xbc924343, 0x22f4f9aa, 0x3feebd82, 0x9fde4e50, 0xbc85ca6c, 0xd7668e4b, 0x3feec0f1, 0x70ca07ba,
  0x3c71affc, 0x2b91ce27, 0x3feec491, 0x82a3f090, 0x3c6dd235, 0xe10a73bb, 0x3feec863, 0x19e32323,
  0xbc87c504, 0x22622263, 0x3feecc66, 0x7b5de565, 0x3c8b1c86, 0xe3e231d5, 0x3feed09b, 0xec4a2d33,
  0xbc91bbd1, 0xd3bcbb15, 0x3feed503, 0xb23e255d, 0x3c90cc31, 0x9cee31d2, 0x3feed99e, 0x1330b358,
  0x3c846984, 0x6e735ab3, 0x3feede6b, 0x5579fdbf, 0xbc82dfcd, 0x978e9db4, 0x3feee36b, 0xbfd3f37a,
  0x3c8c1a77, 0x92cb3387, 0x3feee89f, 0x995ad3ad, 0xbc907b8f, 0x4ad1d9fa, 0x3feeee07, 0x298db666,
  0xbc55c3d9, 0x56dcaeba, 0x3feef3a2, 0xb84f15fb, 0xbc90a40e, 0x3da6f640, 0x3feef972, 0x8de5593a,
  0xbc68d6f4, 0x38ad9334, 0x3feeff76, 0xf2fb5e47, 0xbc91eee2, 0x6b588a35, 0x3fef05b0, 0x30a1064a,
  0x3c74ffd7, 0x0a5fddcd, 0x3fef0c1e, 0x904bc1d2, 0xbc91bdfb, 0xfa9298ac, 0x3fef12c2, 0x5bd71e09,
  0x3c736eae, 0x30af0cb3, 0x3fef199b, 0xdd85529c, 0x3c8ee332, 0x5c9ffd94, 0x3fef20ab, 0x5fffd07a,
  0x3c84e08f, 0xd10959ac, 0x3fef27f1, 0x2e57d14b, 0x3c63cdaf, 0x384e1a67, 0x3fef2f6d, 0x9406e7b5,
  0x3c676b2c, 0x6c921968, 0x3fef3720, 0xdcef9069, 0xbc808a18, 0x83ccb5d2, 0x3fef3f0b, 0x555dc3fa,
  0xbc8fad5d, 0x3ffffa6f, 0x3fef472d, 0x4a07897c, 0xbc900dae, 0x3875a949, 0x3fef4f87, 0x080d89f2,
  0x3c74a385, 0xa63d07a7, 0x3fef5818, 0xdcfba487, 0xbc82919e, 0x2040220f, 0x3fef60e3, 0x16c98398,
  0x3c8e5a50, 0xd5c192ac, 0x3fef69e6, 0x03db3285, 0x3c843a59, 0xac016b4b, 0x3fef7321, 0xf301b460,
  0xbc82d521, 0x07b43e1f, 0x3fef7c97, 0x337b9b5f, 0xbc892ab9, 0x3b470dc9, 0x3fef8646, 0x14f5a129,
  0x3c74b604, 0x603a88d3, 0x3fef902e, 0xe78b3ff6, 0x3c83c5ec, 0x519d7271, 0x3fef9a51, 0xfbc74c83,
  0xbc8ff712, 0x8fd391f0, 0x3fefa4af, 0xa2a490da, 0xbc8dae98, 0xe223747d, 0x3fefaf48, 0x2d8e67f1,
  0x3c8ec3bc, 0x41aa2008, 0x3fefba1b, 0xee615a27, 0x3c842b94, 0xc3a9eb32, 0x3fefc52b, 0x376bba97,
  0x3c8a64a9, 0x31d185ee, 0x3fefd076, 0x5b6e4540, 0xbc8e37ba, 0xe43be3ed, 0x3fefdbfd, 0xad9cbe14,
  0x3c77893b, 0x4d91cd9d, 0x3fefe7c1, 0x819e90d8, 0x3c5305c1, 0x4160cc89, 0x3feff3c2, 0x2b8f71f1,
]);
/** tail[i] = asdouble(tab[2i]); sbits words of tab[2i+1] kept as integers. */
const EXP_TAIL = new Float64Array(EXP_N);
const EXP_SBITS_HI = new Uint32Array(EXP_N);
const EXP_SBITS_LO = new Uint32Array(EXP_N);
for (let i = 0; i < EXP_N; i++) {
  EXP_TAIL[i] = fromWords(EXP_TAB_WORDS[4 * i]!, EXP_TAB_WORDS[4 * i + 1]!);
  EXP_SBITS_HI[i] = EXP_TAB_WORDS[4 * i + 2]!;
  EXP_SBITS_LO[i] = EXP_TAB_WORDS[4 * i + 3]!;
}

function expSpecialCase(tmp: number, sbitsHi: number, sbitsLo: number, kiLo: number): number {
  if ((kiLo & 0x80000000) === 0) {
    // k > 0: the exponent of scale might have overflowed by <= 460.
    const scale = fromWords((sbitsHi - (1009 << 20)) >>> 0, sbitsLo);
    return 2 ** 1009 * fma64(scale, tmp, scale);
  }
  // k < 0: care in the subnormal range (not fused: scale*tmp has two uses).
  const scale = fromWords((sbitsHi + (1022 << 20)) >>> 0, sbitsLo);
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1.0) {
    const hi = 1.0 + y;
    let lo = scale - y + st;
    lo = 1.0 - hi + y + lo;
    y = hi + lo - 1.0;
    if (y === 0) y = 0; // avoid -0.0
  }
  return 2 ** -1022 * y;
}

/** glibc 2.36 `exp` (the `__exp_fma` ifunc variant). Also what Python's `math.exp` returns here. */
export function exp(x: number): number {
  F64[0] = x;
  const xhi = U32[1]!;
  let abstop = (xhi >>> 20) & 0x7ff;
  if (((abstop - 0x3c9) >>> 0) >= 0x408 - 0x3c9) {
    if (abstop - 0x3c9 < 0) return 1.0 + x; // tiny |x| (and +-0)
    if (abstop >= 0x409) {
      if (x === -Infinity) return 0.0;
      if (abstop >= 0x7ff) return 1.0 + x;
      return xhi >>> 31 ? 0 : Infinity; // __math_uflow / __math_oflow
    }
    abstop = 0; // large |x| handled by the special case below
  }
  const kdShifted = fma64(x, EXP_INVLN2N, EXP_SHIFT);
  F64[0] = kdShifted;
  const kiLo = U32[0]!;
  const kd = kdShifted - EXP_SHIFT;
  const r = fma64(kd, EXP_NEGLN2LON, fma64(kd, EXP_NEGLN2HIN, x));
  const i = kiLo & (EXP_N - 1);
  const tail = EXP_TAIL[i]!;
  // sbits = T[idx+1] + (ki << 45): only the low 19 bits of ki reach the high word.
  const sbitsHi = (EXP_SBITS_HI[i]! + (kiLo << 13)) >>> 0;
  const sbitsLo = EXP_SBITS_LO[i]!;
  const r2 = r * r;
  const a = fma64(r, EXP_C3, EXP_C2);
  const b = fma64(r, EXP_C5, EXP_C4);
  const tmp = fma64(r2 * r2, b, fma64(a, r2, tail + r));
  if (abstop === 0) return expSpecialCase(tmp, sbitsHi, sbitsLo, kiLo);
  const scale = fromWords(sbitsHi, sbitsLo);
  return fma64(scale, tmp, scale);
}

// ---------------------------------------------------------------------------------------
// erf (double): fdlibm s_erf.c. Constants are built from the hex words in glibc's comments.
// ---------------------------------------------------------------------------------------

const ERX = hexDouble(0x3feb0ac1, 0x60000000);
const EFX = hexDouble(0x3fc06eba, 0x8214db69);
const PP0 = hexDouble(0x3fc06eba, 0x8214db68);
const PP1 = hexDouble(0xbfd4cd7d, 0x691cb913);
const PP2 = hexDouble(0xbf9d2a51, 0xdbd7194f);
const PP3 = hexDouble(0xbf77a291, 0x236668e4);
const PP4 = hexDouble(0xbef8ead6, 0x120016ac);
const QQ1 = hexDouble(0x3fd97779, 0xcddadc09);
const QQ2 = hexDouble(0x3fb0a54c, 0x5536ceba);
const QQ3 = hexDouble(0x3f74d022, 0xc4d36b0f);
const QQ4 = hexDouble(0x3f215dc9, 0x221c1a10);
const QQ5 = hexDouble(0xbed09c43, 0x42a26120);
const PA0 = hexDouble(0xbf6359b8, 0xbef77538);
const PA1 = hexDouble(0x3fda8d00, 0xad92b34d);
const PA2 = hexDouble(0xbfd7d240, 0xfbb8c3f1);
const PA3 = hexDouble(0x3fd45fca, 0x805120e4);
const PA4 = hexDouble(0xbfbc6398, 0x3d3e28ec);
const PA5 = hexDouble(0x3fa22a36, 0x599795eb);
const PA6 = hexDouble(0xbf61bf38, 0x0a96073f);
const QA1 = hexDouble(0x3fbb3e66, 0x18eee323);
const QA2 = hexDouble(0x3fe14af0, 0x92eb6f33);
const QA3 = hexDouble(0x3fb2635c, 0xd99fe9a7);
const QA4 = hexDouble(0x3fc02660, 0xe763351f);
const QA5 = hexDouble(0x3f8bedc2, 0x6b51dd1c);
const QA6 = hexDouble(0x3f888b54, 0x5735151d);
const RA0 = hexDouble(0xbf843412, 0x600d6435);
const RA1 = hexDouble(0xbfe63416, 0xe4ba7360);
const RA2 = hexDouble(0xc0251e04, 0x41b0e726);
const RA3 = hexDouble(0xc04f300a, 0xe4cba38d);
const RA4 = hexDouble(0xc0644cb1, 0x84282266);
const RA5 = hexDouble(0xc067135c, 0xebccabb2);
const RA6 = hexDouble(0xc0545265, 0x57e4d2f2);
const RA7 = hexDouble(0xc023a0ef, 0xc69ac25c);
const SA1 = hexDouble(0x4033a6b9, 0xbd707687);
const SA2 = hexDouble(0x4061350c, 0x526ae721);
const SA3 = hexDouble(0x407b290d, 0xd58a1a71);
const SA4 = hexDouble(0x40842b19, 0x21ec2868);
const SA5 = hexDouble(0x407ad021, 0x57700314);
const SA6 = hexDouble(0x405b28a3, 0xee48ae2c);
const SA7 = hexDouble(0x401a47ef, 0x8e484a93);
const SA8 = hexDouble(0xbfaeeff2, 0xee749a62);
const RB0 = hexDouble(0xbf843412, 0x39e86f4a);
const RB1 = hexDouble(0xbfe993ba, 0x70c285de);
const RB2 = hexDouble(0xc031c209, 0x555f995a);
const RB3 = hexDouble(0xc064145d, 0x43c5ed98);
const RB4 = hexDouble(0xc083ec88, 0x1375f228);
const RB5 = hexDouble(0xc0900461, 0x6a2e5992);
const RB6 = hexDouble(0xc07e384e, 0x9bdc383f);
const SB1 = hexDouble(0x403e568b, 0x261d5190);
const SB2 = hexDouble(0x40745cae, 0x221b9f0a);
const SB3 = hexDouble(0x409802eb, 0x189d5118);
const SB4 = hexDouble(0x40a8ffb7, 0x688c246a);
const SB5 = hexDouble(0x40a3f219, 0xcedf3be6);
const SB6 = hexDouble(0x407da874, 0xe79fe763);
const SB7 = hexDouble(0xc03670e2, 0x42712d62);
const TINY = 1e-300;

/** glibc 2.36 `erf` (fdlibm s_erf.c): what Python's `math.erf` returns on Debian 12 x86-64. */
export function erf(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) {
    // erf(nan) = nan, erf(+-inf) = +-1
    const i = (hx >>> 31) << 1;
    return 1 - i + 1 / x;
  }
  if (ix < 0x3feb0000) {
    // |x| < 0.84375
    if (ix < 0x3e300000) {
      // |x| < 2**-28
      if (ix < 0x00800000) return 0.0625 * (16.0 * x + 16.0 * EFX * x);
      return x + EFX * x;
    }
    const z = x * x;
    const r1 = PP0 + z * PP1;
    const z2 = z * z;
    const r2 = PP2 + z * PP3;
    const z4 = z2 * z2;
    const s1 = 1 + z * QQ1;
    const s2 = QQ2 + z * QQ3;
    const s3 = QQ4 + z * QQ5;
    const r = r1 + z2 * r2 + z4 * PP4;
    const s = s1 + z2 * s2 + z4 * s3;
    const y = r / s;
    return x + x * y;
  }
  if (ix < 0x3ff40000) {
    // 0.84375 <= |x| < 1.25
    const s = Math.abs(x) - 1;
    const P1 = PA0 + s * PA1;
    const s2 = s * s;
    const Q1 = 1 + s * QA1;
    const s4 = s2 * s2;
    const P2 = PA2 + s * PA3;
    const s6 = s4 * s2;
    const Q2 = QA2 + s * QA3;
    const P3 = PA4 + s * PA5;
    const Q3 = QA4 + s * QA5;
    const P = P1 + s2 * P2 + s4 * P3 + s6 * PA6;
    const Q = Q1 + s2 * Q2 + s4 * Q3 + s6 * QA6;
    return hx >= 0 ? ERX + P / Q : -ERX - P / Q;
  }
  if (ix >= 0x40180000) {
    // inf > |x| >= 6
    return hx >= 0 ? 1 - TINY : TINY - 1;
  }
  const ax = Math.abs(x);
  const s = 1 / (ax * ax);
  let R: number;
  let S: number;
  if (ix < 0x4006db6e) {
    // |x| < 1/0.35
    const R1 = RA0 + s * RA1;
    const s2 = s * s;
    const S1 = 1 + s * SA1;
    const s4 = s2 * s2;
    const R2 = RA2 + s * RA3;
    const s6 = s4 * s2;
    const S2 = SA2 + s * SA3;
    const s8 = s4 * s4;
    const R3 = RA4 + s * RA5;
    const S3 = SA4 + s * SA5;
    const R4 = RA6 + s * RA7;
    const S4 = SA6 + s * SA7;
    R = R1 + s2 * R2 + s4 * R3 + s6 * R4;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4 + s8 * SA8;
  } else {
    // |x| >= 1/0.35
    const R1 = RB0 + s * RB1;
    const s2 = s * s;
    const S1 = 1 + s * SB1;
    const s4 = s2 * s2;
    const R2 = RB2 + s * RB3;
    const s6 = s4 * s2;
    const S2 = SB2 + s * SB3;
    const R3 = RB4 + s * RB5;
    const S3 = SB4 + s * SB5;
    const S4 = SB6 + s * SB7;
    R = R1 + s2 * R2 + s4 * R3 + s6 * RB6;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4;
  }
  const z = fromWords(highWord(ax), 0); // SET_LOW_WORD(z, 0)
  const r = exp(-z * z - 0.5625) * exp((z - ax) * (z + ax) + R / S);
  return hx >= 0 ? 1 - r / ax : r / ax - 1;
}

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
  F64[0] = kdShifted;
  const kiLo = U32[0]!;
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
