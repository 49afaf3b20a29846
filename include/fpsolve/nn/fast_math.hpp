#pragma once
// tanh and sincos written so that GCC auto-vectorises loops calling them (no libm calls, no
// branches): the activation of a 4000-wide layer is millions of tanh per step, which with scalar
// libm would cost as much as the GEMMs, and in the small sin nets of the correction cycle scalar
// libm sincosf was a third of the whole training step. Tests compare both to libm.
//
// tanh: accuracy a few ulp in float and double.
// tanh(a) = -expm1(-2a) / (2 + expm1(-2a)) for a = |z|, with expm1 by Cody-Waite range reduction
// x = k ln2 + r, |r| <= ln2/2, expm1(x) = 2^k expm1(r) + (2^k - 1), and expm1(r) a Taylor
// polynomial. Going through expm1 (not exp) keeps full relative accuracy near z = 0.
#include <cmath>
#include <cstdint>

namespace fpsolve::nn::fastmath {

namespace detail {
template <class T>
struct Traits;
template <>
struct Traits<double> {
  using Bits = std::uint64_t;
  static constexpr int kMantissa = 52;
  // 1.5 * 2^52 + bias: adding it to an integral double leaves k + bias in the low mantissa bits.
  static constexpr double kShifter = 0x1.8p52 + 1023.0;
  static constexpr double kLn2Hi = 6.93147180369123816490e-01;
  static constexpr double kLn2Lo = 1.90821492927058770002e-10;
  static constexpr double kMinArg = -40.0;  // expm1(-40) + 1 < 2^-57: tanh is 1 beyond |z| = 20
};
template <>
struct Traits<float> {
  using Bits = std::uint32_t;
  static constexpr int kMantissa = 23;
  static constexpr float kShifter = 0x1.8p23f + 127.0f;
  static constexpr float kLn2Hi = 0.693145751953125f;
  static constexpr float kLn2Lo = 1.428606765330187045e-06f;
  static constexpr float kMinArg = -20.0f;
};

// expm1(r) / r for |r| <= ln2/2, Taylor to the term that drops below half an ulp.
inline double expm1_over_x(double r) {
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  return p * r + 1.0;
}
inline float expm1_over_x(float r) {
  float p = 1.0f / 40320.0f;
  p = p * r + 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  return p * r + 1.0f;
}
}  // namespace detail

// expm1(x) for x in [kMinArg, 0] (callers clamp).
template <class T>
inline T expm1_nonpositive(T x) {
  using Tr = detail::Traits<T>;
  // Round x/ln2 to nearest by adding the shifter (no floor: keeps the loop branch-free); the
  // sum's low mantissa bits then hold k + bias.
  const T shifted = x * T(1.4426950408889634) + Tr::kShifter;
  const T kf = shifted - Tr::kShifter;
  const T r = (x - kf * Tr::kLn2Hi) - kf * Tr::kLn2Lo;
  // (k + bias) into the exponent field: 2^k. __builtin_bit_cast (not memcpy) so GCC vectorises.
  const auto bits = __builtin_bit_cast(typename Tr::Bits, shifted) << Tr::kMantissa;
  const T scale = __builtin_bit_cast(T, bits);
  const T em1 = r * detail::expm1_over_x(r);
  return scale * em1 + (scale - T(1));
}

template <class T>
inline T tanh(T z) {
  // Clamp |z| to -kMinArg/2 on the bit pattern (non-negative floats order like their bits): an
  // integer min vectorises, whereas a float select (or fmin) lets GCC's PRE split off the
  // constant clamped path and leave a branch in the loop. NaN (bits above +inf) is restored below.
  using Bits = typename detail::Traits<T>::Bits;
  const T a = std::fabs(z);
  const Bits a_bits = __builtin_bit_cast(Bits, a);
  const Bits cap_bits = __builtin_bit_cast(Bits, T(-0.5) * detail::Traits<T>::kMinArg);
  const T x = T(-2) * __builtin_bit_cast(T, a_bits < cap_bits ? a_bits : cap_bits);
  const T e = expm1_nonpositive(x);
  const T t = -e / (T(2) + e);
  // NaN in, NaN out: OR in an all-ones pattern (a quiet NaN) computed without a select.
  const Bits inf_bits = __builtin_bit_cast(Bits, T(INFINITY));
  const Bits nan_mask = Bits(0) - Bits(a_bits > inf_bits);
  return std::copysign(__builtin_bit_cast(T, __builtin_bit_cast(Bits, t) | nan_mask), z);
}

// --- sin and cos of one argument, together ---
// Computed in double for float and double alike (a float argument converts exactly; the double
// result rounds once to float, so in float this agrees with a correctly rounded sinf/cosf except
// when the exact value lies within ~2^-50 of a float rounding boundary).
// Cody-Waite reduction z = k pi/2 + r, |r| <= pi/4, with pi/2 in three parts (P1, P2 of 33 bits:
// k P1 and k P2 are exact for |k| < 2^20; P2T the rest), then fdlibm's minimax kernels
// __kernel_sin / __kernel_cos on r (error < 2^-58 relative), swapped and signed by k mod 4.
// Valid for |z| <= kSinCosMaxArg, where the reduction's absolute error stays below ~2^-90;
// callers redo larger arguments with std::sin / std::cos (activate_row does). NaN and +-inf give
// NaN, as libm.
constexpr double kSinCosMaxArg = 1e5;

namespace detail {
inline double sin_kernel(double x) {  // |x| <= pi/4
  constexpr double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
                   S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
                   S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  const double z = x * x, v = z * x;
  const double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return x + v * (S1 + z * r);
}
inline double cos_kernel(double x) {  // |x| <= pi/4
  constexpr double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
                   C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
                   C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  const double z = x * x;
  const double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  // 1 - z/2 + z r with the rounding error of 1 - z/2 added back (fdlibm's compensation).
  const double hz = 0.5 * z, w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + z * r);
}
}  // namespace detail

template <class T>
inline void sincos(T z, T &s, T &c) {
  constexpr double kTwoOverPi = 6.36619772367581382433e-01;
  constexpr double P1 = 1.57079632673412561417e+00;   // 0x3FF921FB 54400000
  constexpr double P2 = 6.07710050630396597660e-11;   // 0x3DD0B461 1A600000
  constexpr double P2T = 2.02226624879595063154e-21;  // pi/2 - P1 - P2
  constexpr double kShifter = 0x1.8p52;  // z 2/pi + shifter: k in the low mantissa bits
  const double x = double(z);
  const double shifted = x * kTwoOverPi + kShifter;
  const double k = shifted - kShifter;
  const double r = ((x - k * P1) - k * P2) - k * P2T;
  // k mod 4 from the mantissa (1.5 * 2^52 + k: the low bits are 2^51 + k, and 4 | 2^51).
  const std::uint64_t q = __builtin_bit_cast(std::uint64_t, shifted) & 3;
  const std::uint64_t sp = __builtin_bit_cast(std::uint64_t, detail::sin_kernel(r));
  const std::uint64_t cp = __builtin_bit_cast(std::uint64_t, detail::cos_kernel(r));
  // Odd quadrants swap sin and cos (masks, not a select, so the loop stays branch-free); sin is
  // negative in quadrants 2, 3, cos in 1, 2.
  const std::uint64_t swap = std::uint64_t(0) - (q & 1);
  const std::uint64_t sb = ((sp & ~swap) | (cp & swap)) ^ ((q & 2) << 62);
  const std::uint64_t cb = ((cp & ~swap) | (sp & swap)) ^ (((q + 1) & 2) << 62);
  s = T(__builtin_bit_cast(double, sb));
  c = T(__builtin_bit_cast(double, cb));
}

}  // namespace fpsolve::nn::fastmath
