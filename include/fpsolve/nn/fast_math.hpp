#pragma once
// tanh written so that GCC auto-vectorises loops calling it (no libm calls, no branches):
// the activation of a 4000-wide layer is millions of tanh per step, which with scalar libm would
// cost as much as the GEMMs. Accuracy: a few ulp in float and double (tests compare to std::tanh).
//
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

}  // namespace fpsolve::nn::fastmath
