/**
 * glibc 2.36's double `exp` and `erf`, bit for bit, as Debian 12's libm computes them on an
 * x86-64 CPU with AVX2+FMA (Python's `math.exp`/`math.erf`; `trunc_normal_`'s norm_cdf).
 *
 * Sources ported (tag glibc-2.36):
 * - `erf`:  sysdeps/ieee754/dbl-64/s_erf.c  (fdlibm). Built for baseline x86-64 (SSE2), so no
 *   operation is fused. It calls `__ieee754_exp`, an ifunc that picks `__ieee754_exp_fma`.
 * - `exp`:  sysdeps/ieee754/dbl-64/e_exp.c compiled as sysdeps/x86_64/fpu/multiarch/e_exp-fma.c
 *   (`-mfma -mavx2`).
 *
 * Which `a*b + c` the FMA variant fuses was read from the disassembly of Debian's libm-2.36.a
 * member e_exp-fma.o (objdump -dr), not guessed: every fused step below is written
 * `fma64(...)`, every unfused one as plain arithmetic. V8's `Math.exp` differs from glibc `exp`
 * in ~10 % of arguments in [-40, 0], which changes `erf` for ~0.13 % of |x| in [1.25, 6).
 * The float functions (`erff`, `expf`, `logf`) are in ./libm32.ts.
 */
import { fma64 } from "./fma.js";
import { hf, highWord, lowWord, fromWords, hexDouble } from "./bits.js";

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
  const xhi = highWord(x) >>> 0;
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
  const kiLo = lowWord(kdShifted);
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
