// The "2.11" trunc_normal_ transform (official PyTorch 2.0–2.11 x86 wheels, whose `erfinv_`
// is MKL's vsErfInv: correctly rounded) in WebAssembly: the port of src/math/erfinv.ts
// `erfinvCorrectlyRounded` and, for its decisions, of src/math/erf.ts's glibc 2.36 binary64
// `erf` and `exp` (FMA variant), operation for operation. The result is the float32 nearest to
// erfinv(y): a binary64 estimate rounded to float32, then moved while y lies beyond erf of the
// midpoint to a neighbour. Those decisions use the same glibc `erf` port as the TypeScript
// oracle, so the two agree bit for bit. The estimate only needs to be near the answer (it is
// practically always on it), so its one Newton step uses AssemblyScript's own
// `Math.exp`/`Math.log`, in `erf` too: they differ from V8's and glibc's in the last bit,
// which moves the estimate by far less than that, and cost a fraction of glibc's `exp` with
// its emulated binary64 FMAs.

import { fma64 } from "./fma64";

// ---- exp (double): glibc e_exp.c, EXP_TABLE_BITS = 7, EXP_POLY_ORDER = 5, FMA variant ----
const EXP_N: i32 = 128;
const EXP_INVLN2N: f64 = reinterpret<f64>(<u64>0x40671547652b82fe); // 184.6649652337873
const EXP_NEGLN2HIN: f64 = reinterpret<f64>(<u64>0xbf762e42fefa0000); // -0.005415212348111709
const EXP_NEGLN2LON: f64 = reinterpret<f64>(<u64>0xbd0cf79abc9e3b3a); // -1.2864023111638346e-14
const EXP_SHIFT: f64 = reinterpret<f64>(<u64>0x4338000000000000); // 6755399441055744
const EXP_C2: f64 = reinterpret<f64>(<u64>0x3fdffffffffffdbd); // 0.49999999999996786
const EXP_C3: f64 = reinterpret<f64>(<u64>0x3fc555555555543c); // 0.16666666666665886
const EXP_C4: f64 = reinterpret<f64>(<u64>0x3fa55555cf172b91); // 0.0416666808410674
const EXP_C5: f64 = reinterpret<f64>(<u64>0x3f81111167a4d017); // 0.008333335853059549
/** __exp_data.tab: 2^(i/N) as (tail, sbits) pairs of uint64. */
const EXP_TAB = memory.data<u64>([
  0x0000000000000000, 0x3ff0000000000000, 0x3c9b3b4f1a88bf6e, 0x3feff63da9fb3335,
  0xbc7160139cd8dc5d, 0x3fefec9a3e778061, 0xbc905e7a108766d1, 0x3fefe315e86e7f85,
  0x3c8cd2523567f613, 0x3fefd9b0d3158574, 0xbc8bce8023f98efa, 0x3fefd06b29ddf6de,
  0x3c60f74e61e6c861, 0x3fefc74518759bc8, 0x3c90a3e45b33d399, 0x3fefbe3ecac6f383,
  0x3c979aa65d837b6d, 0x3fefb5586cf9890f, 0x3c8eb51a92fdeffc, 0x3fefac922b7247f7,
  0x3c3ebe3d702f9cd1, 0x3fefa3ec32d3d1a2, 0xbc6a033489906e0b, 0x3fef9b66affed31b,
  0xbc9556522a2fbd0e, 0x3fef9301d0125b51, 0xbc5080ef8c4eea55, 0x3fef8abdc06c31cc,
  0xbc91c923b9d5f416, 0x3fef829aaea92de0, 0x3c80d3e3e95c55af, 0x3fef7a98c8a58e51,
  0xbc801b15eaa59348, 0x3fef72b83c7d517b, 0xbc8f1ff055de323d, 0x3fef6af9388c8dea,
  0x3c8b898c3f1353bf, 0x3fef635beb6fcb75, 0xbc96d99c7611eb26, 0x3fef5be084045cd4,
  0x3c9aecf73e3a2f60, 0x3fef54873168b9aa, 0xbc8fe782cb86389d, 0x3fef4d5022fcd91d,
  0x3c8a6f4144a6c38d, 0x3fef463b88628cd6, 0x3c807a05b0e4047d, 0x3fef3f49917ddc96,
  0x3c968efde3a8a894, 0x3fef387a6e756238, 0x3c875e18f274487d, 0x3fef31ce4fb2a63f,
  0x3c80472b981fe7f2, 0x3fef2b4565e27cdd, 0xbc96b87b3f71085e, 0x3fef24dfe1f56381,
  0x3c82f7e16d09ab31, 0x3fef1e9df51fdee1, 0xbc3d219b1a6fbffa, 0x3fef187fd0dad990,
  0x3c8b3782720c0ab4, 0x3fef1285a6e4030b, 0x3c6e149289cecb8f, 0x3fef0cafa93e2f56,
  0x3c834d754db0abb6, 0x3fef06fe0a31b715, 0x3c864201e2ac744c, 0x3fef0170fc4cd831,
  0x3c8fdd395dd3f84a, 0x3feefc08b26416ff, 0xbc86a3803b8e5b04, 0x3feef6c55f929ff1,
  0xbc924aedcc4b5068, 0x3feef1a7373aa9cb, 0xbc9907f81b512d8e, 0x3feeecae6d05d866,
  0xbc71d1e83e9436d2, 0x3feee7db34e59ff7, 0xbc991919b3ce1b15, 0x3feee32dc313a8e5,
  0x3c859f48a72a4c6d, 0x3feedea64c123422, 0xbc9312607a28698a, 0x3feeda4504ac801c,
  0xbc58a78f4817895b, 0x3feed60a21f72e2a, 0xbc7c2c9b67499a1b, 0x3feed1f5d950a897,
  0x3c4363ed60c2ac11, 0x3feece086061892d, 0x3c9666093b0664ef, 0x3feeca41ed1d0057,
  0x3c6ecce1daa10379, 0x3feec6a2b5c13cd0, 0x3c93ff8e3f0f1230, 0x3feec32af0d7d3de,
  0x3c7690cebb7aafb0, 0x3feebfdad5362a27, 0x3c931dbdeb54e077, 0x3feebcb299fddd0d,
  0xbc8f94340071a38e, 0x3feeb9b2769d2ca7, 0xbc87deccdc93a349, 0x3feeb6daa2cf6642,
  0xbc78dec6bd0f385f, 0x3feeb42b569d4f82, 0xbc861246ec7b5cf6, 0x3feeb1a4ca5d920f,
  0x3c93350518fdd78e, 0x3feeaf4736b527da, 0x3c7b98b72f8a9b05, 0x3feead12d497c7fd,
  0x3c9063e1e21c5409, 0x3feeab07dd485429, 0x3c34c7855019c6ea, 0x3feea9268a5946b7,
  0x3c9432e62b64c035, 0x3feea76f15ad2148, 0xbc8ce44a6199769f, 0x3feea5e1b976dc09,
  0xbc8c33c53bef4da8, 0x3feea47eb03a5585, 0xbc845378892be9ae, 0x3feea34634ccc320,
  0xbc93cedd78565858, 0x3feea23882552225, 0x3c5710aa807e1964, 0x3feea155d44ca973,
  0xbc93b3efbf5e2228, 0x3feea09e667f3bcd, 0xbc6a12ad8734b982, 0x3feea012750bdabf,
  0xbc6367efb86da9ee, 0x3fee9fb23c651a2f, 0xbc80dc3d54e08851, 0x3fee9f7df9519484,
  0xbc781f647e5a3ecf, 0x3fee9f75e8ec5f74, 0xbc86ee4ac08b7db0, 0x3fee9f9a48a58174,
  0xbc8619321e55e68a, 0x3fee9feb564267c9, 0x3c909ccb5e09d4d3, 0x3feea0694fde5d3f,
  0xbc7b32dcb94da51d, 0x3feea11473eb0187, 0x3c94ecfd5467c06b, 0x3feea1ed0130c132,
  0x3c65ebe1abd66c55, 0x3feea2f336cf4e62, 0xbc88a1c52fb3cf42, 0x3feea427543e1a12,
  0xbc9369b6f13b3734, 0x3feea589994cce13, 0xbc805e843a19ff1e, 0x3feea71a4623c7ad,
  0xbc94d450d872576e, 0x3feea8d99b4492ed, 0x3c90ad675b0e8a00, 0x3feeaac7d98a6699,
  0x3c8db72fc1f0eab4, 0x3feeace5422aa0db, 0xbc65b6609cc5e7ff, 0x3feeaf3216b5448c,
  0x3c7bf68359f35f44, 0x3feeb1ae99157736, 0xbc93091fa71e3d83, 0x3feeb45b0b91ffc6,
  0xbc5da9b88b6c1e29, 0x3feeb737b0cdc5e5, 0xbc6c23f97c90b959, 0x3feeba44cbc8520f,
  0xbc92434322f4f9aa, 0x3feebd829fde4e50, 0xbc85ca6cd7668e4b, 0x3feec0f170ca07ba,
  0x3c71affc2b91ce27, 0x3feec49182a3f090, 0x3c6dd235e10a73bb, 0x3feec86319e32323,
  0xbc87c50422622263, 0x3feecc667b5de565, 0x3c8b1c86e3e231d5, 0x3feed09bec4a2d33,
  0xbc91bbd1d3bcbb15, 0x3feed503b23e255d, 0x3c90cc319cee31d2, 0x3feed99e1330b358,
  0x3c8469846e735ab3, 0x3feede6b5579fdbf, 0xbc82dfcd978e9db4, 0x3feee36bbfd3f37a,
  0x3c8c1a7792cb3387, 0x3feee89f995ad3ad, 0xbc907b8f4ad1d9fa, 0x3feeee07298db666,
  0xbc55c3d956dcaeba, 0x3feef3a2b84f15fb, 0xbc90a40e3da6f640, 0x3feef9728de5593a,
  0xbc68d6f438ad9334, 0x3feeff76f2fb5e47, 0xbc91eee26b588a35, 0x3fef05b030a1064a,
  0x3c74ffd70a5fddcd, 0x3fef0c1e904bc1d2, 0xbc91bdfbfa9298ac, 0x3fef12c25bd71e09,
  0x3c736eae30af0cb3, 0x3fef199bdd85529c, 0x3c8ee3325c9ffd94, 0x3fef20ab5fffd07a,
  0x3c84e08fd10959ac, 0x3fef27f12e57d14b, 0x3c63cdaf384e1a67, 0x3fef2f6d9406e7b5,
  0x3c676b2c6c921968, 0x3fef3720dcef9069, 0xbc808a1883ccb5d2, 0x3fef3f0b555dc3fa,
  0xbc8fad5d3ffffa6f, 0x3fef472d4a07897c, 0xbc900dae3875a949, 0x3fef4f87080d89f2,
  0x3c74a385a63d07a7, 0x3fef5818dcfba487, 0xbc82919e2040220f, 0x3fef60e316c98398,
  0x3c8e5a50d5c192ac, 0x3fef69e603db3285, 0x3c843a59ac016b4b, 0x3fef7321f301b460,
  0xbc82d52107b43e1f, 0x3fef7c97337b9b5f, 0xbc892ab93b470dc9, 0x3fef864614f5a129,
  0x3c74b604603a88d3, 0x3fef902ee78b3ff6, 0x3c83c5ec519d7271, 0x3fef9a51fbc74c83,
  0xbc8ff7128fd391f0, 0x3fefa4afa2a490da, 0xbc8dae98e223747d, 0x3fefaf482d8e67f1,
  0x3c8ec3bc41aa2008, 0x3fefba1bee615a27, 0x3c842b94c3a9eb32, 0x3fefc52b376bba97,
  0x3c8a64a931d185ee, 0x3fefd0765b6e4540, 0xbc8e37bae43be3ed, 0x3fefdbfdad9cbe14,
  0x3c77893b4d91cd9d, 0x3fefe7c1819e90d8, 0x3c5305c14160cc89, 0x3feff3c22b8f71f1,]);

@inline function tabWord(j: i32): u64 {
  return load<u64>(EXP_TAB + (<usize>j << 3));
}

function expSpecialCase(tmp: f64, sbits: u64, ki: u64): f64 {
  if ((ki & 0x80000000) == 0) {
    // k > 0: the exponent of scale might have overflowed by <= 460.
    const scale = reinterpret<f64>(sbits - (<u64>1009 << 52));
    return reinterpret<f64>(<u64>(1023 + 1009) << 52) * fma64(scale, tmp, scale); // 2^1009
  }
  // k < 0: care in the subnormal range (not fused: scale*tmp has two uses).
  const scale = reinterpret<f64>(sbits + (<u64>1022 << 52));
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1.0) {
    const hi = 1.0 + y;
    let lo = scale - y + st;
    lo = 1.0 - hi + y + lo;
    y = hi + lo - 1.0;
    if (y == 0) y = 0; // avoid -0.0
  }
  return reinterpret<f64>(<u64>1 << 52) * y; // 2^-1022
}

/** glibc 2.36 `exp` (the `__exp_fma` ifunc variant), as src/math/erf.ts `exp`. */
export function exp64(x: f64): f64 {
  const xhi = <u32>(reinterpret<u64>(x) >> 32);
  let abstop = <i32>((xhi >> 20) & 0x7ff);
  if (<u32>(abstop - 0x3c9) >= <u32>(0x408 - 0x3c9)) {
    if (abstop - 0x3c9 < 0) return 1.0 + x; // tiny |x| (and +-0)
    if (abstop >= 0x409) {
      if (x == -Infinity) return 0.0;
      if (abstop >= 0x7ff) return 1.0 + x;
      return xhi >> 31 ? 0 : Infinity; // __math_uflow / __math_oflow
    }
    abstop = 0; // large |x| handled by the special case below
  }
  const kdShifted = fma64(x, EXP_INVLN2N, EXP_SHIFT);
  const ki = reinterpret<u64>(kdShifted);
  const kd = kdShifted - EXP_SHIFT;
  const r = fma64(kd, EXP_NEGLN2LON, fma64(kd, EXP_NEGLN2HIN, x));
  const i = <i32>(ki & <u64>(EXP_N - 1));
  const tail = reinterpret<f64>(tabWord(2 * i));
  const sbits = tabWord(2 * i + 1) + (ki << 45);
  const r2 = r * r;
  const a = fma64(r, EXP_C3, EXP_C2);
  const b = fma64(r, EXP_C5, EXP_C4);
  const tmp = fma64(r2 * r2, b, fma64(a, r2, tail + r));
  if (abstop == 0) return expSpecialCase(tmp, sbits, ki);
  const scale = reinterpret<f64>(sbits);
  return fma64(scale, tmp, scale);
}

// ---- erf (double): fdlibm s_erf.c, as src/math/erf.ts `erf` ----
const ERX: f64 = reinterpret<f64>(<u64>0x3feb0ac160000000);
const EFX: f64 = reinterpret<f64>(<u64>0x3fc06eba8214db69);
const PP0: f64 = reinterpret<f64>(<u64>0x3fc06eba8214db68);
const PP1: f64 = reinterpret<f64>(<u64>0xbfd4cd7d691cb913);
const PP2: f64 = reinterpret<f64>(<u64>0xbf9d2a51dbd7194f);
const PP3: f64 = reinterpret<f64>(<u64>0xbf77a291236668e4);
const PP4: f64 = reinterpret<f64>(<u64>0xbef8ead6120016ac);
const QQ1: f64 = reinterpret<f64>(<u64>0x3fd97779cddadc09);
const QQ2: f64 = reinterpret<f64>(<u64>0x3fb0a54c5536ceba);
const QQ3: f64 = reinterpret<f64>(<u64>0x3f74d022c4d36b0f);
const QQ4: f64 = reinterpret<f64>(<u64>0x3f215dc9221c1a10);
const QQ5: f64 = reinterpret<f64>(<u64>0xbed09c4342a26120);
const PA0: f64 = reinterpret<f64>(<u64>0xbf6359b8bef77538);
const PA1: f64 = reinterpret<f64>(<u64>0x3fda8d00ad92b34d);
const PA2: f64 = reinterpret<f64>(<u64>0xbfd7d240fbb8c3f1);
const PA3: f64 = reinterpret<f64>(<u64>0x3fd45fca805120e4);
const PA4: f64 = reinterpret<f64>(<u64>0xbfbc63983d3e28ec);
const PA5: f64 = reinterpret<f64>(<u64>0x3fa22a36599795eb);
const PA6: f64 = reinterpret<f64>(<u64>0xbf61bf380a96073f);
const QA1: f64 = reinterpret<f64>(<u64>0x3fbb3e6618eee323);
const QA2: f64 = reinterpret<f64>(<u64>0x3fe14af092eb6f33);
const QA3: f64 = reinterpret<f64>(<u64>0x3fb2635cd99fe9a7);
const QA4: f64 = reinterpret<f64>(<u64>0x3fc02660e763351f);
const QA5: f64 = reinterpret<f64>(<u64>0x3f8bedc26b51dd1c);
const QA6: f64 = reinterpret<f64>(<u64>0x3f888b545735151d);
const RA0: f64 = reinterpret<f64>(<u64>0xbf843412600d6435);
const RA1: f64 = reinterpret<f64>(<u64>0xbfe63416e4ba7360);
const RA2: f64 = reinterpret<f64>(<u64>0xc0251e0441b0e726);
const RA3: f64 = reinterpret<f64>(<u64>0xc04f300ae4cba38d);
const RA4: f64 = reinterpret<f64>(<u64>0xc0644cb184282266);
const RA5: f64 = reinterpret<f64>(<u64>0xc067135cebccabb2);
const RA6: f64 = reinterpret<f64>(<u64>0xc054526557e4d2f2);
const RA7: f64 = reinterpret<f64>(<u64>0xc023a0efc69ac25c);
const SA1: f64 = reinterpret<f64>(<u64>0x4033a6b9bd707687);
const SA2: f64 = reinterpret<f64>(<u64>0x4061350c526ae721);
const SA3: f64 = reinterpret<f64>(<u64>0x407b290dd58a1a71);
const SA4: f64 = reinterpret<f64>(<u64>0x40842b1921ec2868);
const SA5: f64 = reinterpret<f64>(<u64>0x407ad02157700314);
const SA6: f64 = reinterpret<f64>(<u64>0x405b28a3ee48ae2c);
const SA7: f64 = reinterpret<f64>(<u64>0x401a47ef8e484a93);
const SA8: f64 = reinterpret<f64>(<u64>0xbfaeeff2ee749a62);
const RB0: f64 = reinterpret<f64>(<u64>0xbf84341239e86f4a);
const RB1: f64 = reinterpret<f64>(<u64>0xbfe993ba70c285de);
const RB2: f64 = reinterpret<f64>(<u64>0xc031c209555f995a);
const RB3: f64 = reinterpret<f64>(<u64>0xc064145d43c5ed98);
const RB4: f64 = reinterpret<f64>(<u64>0xc083ec881375f228);
const RB5: f64 = reinterpret<f64>(<u64>0xc09004616a2e5992);
const RB6: f64 = reinterpret<f64>(<u64>0xc07e384e9bdc383f);
const SB1: f64 = reinterpret<f64>(<u64>0x403e568b261d5190);
const SB2: f64 = reinterpret<f64>(<u64>0x40745cae221b9f0a);
const SB3: f64 = reinterpret<f64>(<u64>0x409802eb189d5118);
const SB4: f64 = reinterpret<f64>(<u64>0x40a8ffb7688c246a);
const SB5: f64 = reinterpret<f64>(<u64>0x40a3f219cedf3be6);
const SB6: f64 = reinterpret<f64>(<u64>0x407da874e79fe763);
const SB7: f64 = reinterpret<f64>(<u64>0xc03670e242712d62);const TINY: f64 = 1e-300;

/** glibc 2.36 `erf` (fdlibm s_erf.c). */
export function erf64(x: f64): f64 {
  return erfWith(x, false);
}

/**
 * The same with AssemblyScript's `Math.exp` instead of glibc's: off by an ulp or so for
 * 0.13 % of |x| in [1.25, 6) and much cheaper (no emulated binary64 FMAs). Good enough for the
 * Newton steps of the estimate, never for the rounding decisions.
 */
function erfNewton(x: f64): f64 {
  return erfWith(x, true);
}

/** fdlibm's erf, with glibc's exp (`quickExp` false) or AssemblyScript's. */
@inline function erfWith(x: f64, quickExp: bool): f64 {
  const hx = <i32>(reinterpret<u64>(x) >> 32);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) {
    // erf(nan) = nan, erf(+-inf) = +-1
    const i = <f64>((<u32>hx >> 31) << 1);
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
  let R: f64;
  let S: f64;
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
  const z = reinterpret<f64>(reinterpret<u64>(ax) & 0xffffffff00000000); // SET_LOW_WORD(z, 0)
  const r = quickExp
    ? Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + R / S)
    : exp64(-z * z - 0.5625) * exp64((z - ax) * (z + ax) + R / S);
  return hx >= 0 ? 1 - r / ax : r / ax - 1;
}

// ---- erfinv: src/math/erfinv.ts `erfinv64` and `erfinvCorrectlyRounded` ----
// ATen's calc_erfinv coefficients, rounded to float32 as ATen's float constants are.
const A0: f64 = <f32>0.886226899;
const A1: f64 = <f32>-1.645349621;
const A2: f64 = <f32>0.914624893;
const A3: f64 = <f32>-0.140543331;
const B0: f64 = <f32>-2.118377725;
const B1: f64 = <f32>1.442710462;
const B2: f64 = <f32>-0.329097515;
const B3: f64 = <f32>0.012229801;
const C0: f64 = <f32>-1.970840454;
const C1: f64 = <f32>-1.624906493;
const C2: f64 = <f32>3.429567803;
const C3: f64 = <f32>1.641345311;
const D0: f64 = <f32>3.5438892;
const D1: f64 = <f32>1.6370678;
const TWO_OVER_SQRT_PI: f64 = 1.1283791670955126; // 2/√π

/**
 * erfinv(y) in binary64, accurate enough that rounding it to float32 is at most one float32
 * step from the answer: ATen's rational start (up to 127 float32 steps off next to ±1), then
 * one Newton step (measured over 1,227,918 float32 y, every one in [0.99, 1) included: one
 * estimate was a step off, none more; the TypeScript oracle's three steps are never off).
 */
function erfinv64(y: f64): f64 {
  const yAbs = Math.abs(y);
  let x: f64;
  if (yAbs <= 0.7) {
    const z = y * y;
    const num = ((A3 * z + A2) * z + A1) * z + A0;
    const dem = (((B3 * z + B2) * z + B1) * z + B0) * z + 1;
    x = (y * num) / dem;
  } else {
    const z = Math.sqrt(-Math.log((1 - yAbs) / 2));
    const num = ((C3 * z + C2) * z + C1) * z + C0;
    x = (y < 0 ? -num : num) / ((D1 * z + D0) * z + 1);
  }
  return x - (erfNewton(x) - y) / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
}

/** The float32 neighbour of the finite float32 f towards +inf (dir > 0) or -inf. */
function nextFloat(f: f32, dir: i32): f32 {
  if (f == 0) return dir > 0 ? reinterpret<f32>(1) : -reinterpret<f32>(1);
  const b = reinterpret<i32>(f);
  return reinterpret<f32>((f > 0) == (dir > 0) ? b + 1 : b - 1);
}

/** The float32 nearest to erfinv(y) (NaN outside [-1, 1], ±inf at ±1), as the TS oracle decides it. */
export function erfinvCR(y: f32): f32 {
  const yAbs = Mathf.abs(y);
  if (!(yAbs <= 1)) return NaN;
  if (yAbs == 1) return y > 0 ? Infinity : -Infinity;
  if (y == 0) return y;
  return erfinvCorrect(y, <f32>erfinv64(<f64>y));
}

/**
 * From a float32 estimate f of erfinv(y) (finite y, 0 < |y| < 1), the float32 nearest to it:
 * f moves to a neighbour while y lies beyond erf of the midpoint towards it (erfinv is
 * increasing). Exported so that tests can start it away from the answer, which the binary64
 * estimate practically never is.
 */
export function erfinvCorrect(y: f32, f: f32): f32 {
  const yd = <f64>y;
  // At most one correction is ever needed; the bound is only a guard (the TypeScript oracle's
  // is 4, from an estimate that is never off, so both stop at the same float32).
  for (let iter = 0; iter < 64; iter++) {
    const up = nextFloat(f, 1);
    const down = nextFloat(f, -1);
    if (yd > erf64((<f64>f + <f64>up) / 2)) f = up;
    else if (yd < erf64((<f64>f + <f64>down) / 2)) f = down;
    else break;
  }
  return f;
}

/**
 * trunc_normal_ "2.11" after its uniform_, in place on buf[start..end):
 * clamp(fl32(fl32(erfinv(y)·scale) + mean), lo, hi), with erfinv correctly rounded. `work`
 * and K are unused: the signature is `truncInverseCdf32x4`'s, so the host drives both alike.
 */
export function truncInverseCdfCR32(buf: usize, work: usize, start: i32, end: i32, K: f32, scale: f32, mean: f32, lo: f32, hi: f32): void {
  for (let i = start; i < end; i++) {
    const p = buf + (<usize>i << 2);
    let v = erfinvCR(load<f32>(p)) * scale + mean;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    store<f32>(p, v);
  }
}

/** `truncInverseCdfCR32` with its f32 scalars at `params`, as `truncInverseCdf32x4p` takes them. */
export function truncInverseCdfCR32p(buf: usize, work: usize, start: i32, end: i32, params: usize): void {
  truncInverseCdfCR32(buf, work, start, end,
    load<f32>(params), load<f32>(params, 4), load<f32>(params, 8), load<f32>(params, 12), load<f32>(params, 16));
}
