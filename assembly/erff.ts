// glibc 2.36's float `erff` (fdlibm s_erff.c), bit for bit: a port of `erff` in
// src/math/libm32.ts. Every operation is binary32 (the baseline build has no FMA), which
// AssemblyScript's f32 arithmetic is; only the |x| ≥ 1.25 branch calls `expf`.

import { expfFast as expf } from "./libm32-fast";

export const ERXF: f32 = 0.8450629115104675;
export const EFXF: f32 = 0.12837916612625122;
export const PP0F: f32 = 0.12837916612625122;
export const PP1F: f32 = -0.32504209876060486;
export const PP2F: f32 = -0.028481749817728996;
export const PP3F: f32 = -0.005770270247012377;
export const PP4F: f32 = -0.000023763017452438362;
export const QQ1F: f32 = 0.3979172110557556;
export const QQ2F: f32 = 0.06502225250005722;
export const QQ3F: f32 = 0.0050813062116503716;
export const QQ4F: f32 = 0.0001324947370449081;
export const QQ5F: f32 = -0.0000039602282413397916;
export const PA0F: f32 = -0.0023621185682713985;
export const PA1F: f32 = 0.41485610604286194;
export const PA2F: f32 = -0.3722078800201416;
export const PA3F: f32 = 0.31834661960601807;
export const PA4F: f32 = -0.11089469492435455;
export const PA5F: f32 = 0.03547830507159233;
export const PA6F: f32 = -0.002166375517845154;
export const QA1F: f32 = 0.10642088204622269;
export const QA2F: f32 = 0.5403979420661926;
export const QA3F: f32 = 0.07182865589857101;
export const QA4F: f32 = 0.12617121636867523;
export const QA5F: f32 = 0.01363708358258009;
export const QA6F: f32 = 0.011984500102698803;
export const RA0F: f32 = -0.009864944033324718;
export const RA1F: f32 = -0.6938585638999939;
export const RA2F: f32 = -10.558626174926758;
export const RA3F: f32 = -62.37533187866211;
export const RA4F: f32 = -162.39666748046875;
export const RA5F: f32 = -184.60508728027344;
export const RA6F: f32 = -81.28743743896484;
export const RA7F: f32 = -9.814329147338867;
export const SA1F: f32 = 19.65127182006836;
export const SA2F: f32 = 137.6577606201172;
export const SA3F: f32 = 434.5658874511719;
export const SA4F: f32 = 645.3872680664062;
export const SA5F: f32 = 429.0081481933594;
export const SA6F: f32 = 108.63500213623047;
export const SA7F: f32 = 6.570249557495117;
export const SA8F: f32 = -0.06042441353201866;
export const RB0F: f32 = -0.009864943102002144;
export const RB1F: f32 = -0.7992832660675049;
export const RB2F: f32 = -17.75795555114746;
export const RB3F: f32 = -160.63638305664062;
export const RB4F: f32 = -637.5664672851562;
export const RB5F: f32 = -1025.0950927734375;
export const RB6F: f32 = -483.5191955566406;
export const SB1F: f32 = 30.33806037902832;
export const SB2F: f32 = 325.7925109863281;
export const SB3F: f32 = 1536.7296142578125;
export const SB4F: f32 = 3199.858154296875;
export const SB5F: f32 = 2553.05029296875;
export const SB6F: f32 = 474.5285339355469;
export const SB7F: f32 = -22.44095230102539;
export const TINYF: f32 = 1e-30;

/** glibc `erff`. */
export function erff(x: f32): f32 {
  const hx = reinterpret<i32>(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7f800000) {
    // erf(nan) = nan, erf(±inf) = ±1
    const i = <f32>(<i32>(<u32>hx >> 31) << 1);
    return <f32>1 - i + <f32>1 / x;
  }
  if (ix < 0x3f580000) {
    // |x| < 0.84375
    if (ix < 0x31800000) {
      // |x| < 2**-28
      if (ix < 0x04000000) return <f32>0.0625 * (<f32>16 * x + <f32>16 * EFXF * x);
      return x + EFXF * x;
    }
    const z = x * x;
    const r = PP0F + z * (PP1F + z * (PP2F + z * (PP3F + z * PP4F)));
    const s = <f32>1 + z * (QQ1F + z * (QQ2F + z * (QQ3F + z * (QQ4F + z * QQ5F))));
    const y = r / s;
    return x + x * y;
  }
  if (ix < 0x3fa00000) {
    // 0.84375 <= |x| < 1.25
    const s = Mathf.abs(x) - <f32>1;
    const P = PA0F + s * (PA1F + s * (PA2F + s * (PA3F + s * (PA4F + s * (PA5F + s * PA6F)))));
    const Q = <f32>1 + s * (QA1F + s * (QA2F + s * (QA3F + s * (QA4F + s * (QA5F + s * QA6F)))));
    return hx >= 0 ? ERXF + P / Q : -ERXF - P / Q;
  }
  if (ix >= 0x40c00000) {
    // inf > |x| >= 6
    return hx >= 0 ? <f32>1 - TINYF : TINYF - <f32>1;
  }
  const ax = Mathf.abs(x);
  const s = <f32>1 / (ax * ax);
  let R: f32;
  let S: f32;
  if (ix < 0x4036db6e) {
    // |x| < 1/0.35
    R = RA0F + s * (RA1F + s * (RA2F + s * (RA3F + s * (RA4F + s * (RA5F + s * (RA6F + s * RA7F))))));
    S = <f32>1 + s * (SA1F + s * (SA2F + s * (SA3F + s * (SA4F + s * (SA5F + s * (SA6F + s * (SA7F + s * SA8F)))))));
  } else {
    // |x| >= 1/0.35
    R = RB0F + s * (RB1F + s * (RB2F + s * (RB3F + s * (RB4F + s * (RB5F + s * RB6F)))));
    S = <f32>1 + s * (SB1F + s * (SB2F + s * (SB3F + s * (SB4F + s * (SB5F + s * (SB6F + s * SB7F))))));
  }
  const z = reinterpret<f32>(reinterpret<u32>(ax) & 0xfffff000);
  const e1 = expf(-z * z - <f32>0.5625);
  const e2 = expf((z - ax) * (z + ax) + R / S);
  const r = e1 * e2;
  return hx >= 0 ? <f32>1 - r / ax : r / ax - <f32>1;
}
