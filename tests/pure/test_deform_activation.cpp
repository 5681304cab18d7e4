// The MLP activations of solvers/deform/activation.hpp, the functions both MlpField and the CUDA
// kernels call:
//  - bit for bit equal to the Eigen array expressions MlpField used before, over a sweep of inputs
//    (all but tanh, now in FMA form with a Newton reciprocal: within 5 ulp of std::tanh instead);
//  - within a few ulp of the std:: formulas (tanh, log1p(exp), 1 / (1 + exp(-z)), exp, log);
//  - derivatives against central differences in double of the std:: formulas.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include <Eigen/Core>

#include "solvers/deform/activation.hpp"

using namespace monge::deform;

namespace {

// -30 .. 30 in uneven steps, plus values near the approximations' switch points and tiny ones.
std::vector<float> sweep() {
  std::vector<float> z;
  for (int k = -30000; k <= 30000; ++k) z.push_back(0.001f * k + 0.000123f * static_cast<float>(k % 7));
  for (float v : {0.0f, -0.0f, 1e-30f, -1e-30f, 3.9e-4f, 4e-4f, 4.1e-4f, -9.0f, -9.00001f, -8.99999f, 7.9053111f,
                  -7.9053111f, 15.64377f, 15.7f, 40.0f, -40.0f, 87.0f, -87.0f, 88.7f, -88.7f, 100.0f, -100.0f})
    z.push_back(v);
  // Pad to whole SSE packets: Eigen evaluates a leftover tail with other (scalar) functions.
  while (z.size() % 16) z.push_back(0.5f);
  return z;
}

using Array = Eigen::ArrayXf;

Array as_array(const std::vector<float>& v) { return Eigen::Map<const Array>(v.data(), static_cast<Eigen::Index>(v.size())); }

std::uint32_t bits(float x) {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

// Number of entries where f(z[i]) and expected[i] differ in any bit.
template <class F>
int bit_mismatches(const std::vector<float>& z, const Array& expected, F f) {
  int bad = 0;
  for (std::size_t i = 0; i < z.size(); ++i)
    if (bits(f(z[i])) != bits(expected[static_cast<Eigen::Index>(i)])) {
      if (bad < 5) ADD_FAILURE() << "z = " << z[i] << ": " << f(z[i]) << " vs Eigen " << expected[static_cast<Eigen::Index>(i)];
      ++bad;
    }
  return bad;
}

double ulp_error(float got, double exact) {
  const double ulp = std::ldexp(1.0, std::ilogb(static_cast<float>(exact)) - 23);
  return std::abs(static_cast<double>(got) - exact) / ulp;
}

}  // namespace

// Eigen's FMA builds use other constants; the project's baseline build has no FMA.
#ifndef EIGEN_VECTORIZE_FMA
TEST(DeformActivation, BitIdenticalToEigenArrayFunctions) {
  const std::vector<float> zs = sweep();
  const Array z = as_array(zs);
  // tanh (fma Horner steps, p * reciprocal(q)) is checked against std::tanh in CloseToLibraryFormulas.
  EXPECT_EQ(bit_mismatches(zs, z.max(0.0f) + (-z.abs()).exp().log1p(),
                           [](float v) { return activate<Activation::Softplus>(v); }), 0);
  EXPECT_EQ(bit_mismatches(zs, z * z.logistic(), [](float v) { return activate<Activation::SiLU>(v); }), 0);
  EXPECT_EQ(bit_mismatches(zs, z.logistic(), [](float v) { return act::logistic(v); }), 0);
  EXPECT_EQ(bit_mismatches(zs, z.exp(), [](float v) { return act::exp(v); }), 0);
  const Array positive = z.abs() + 1e-3f;
  std::vector<float> ps(positive.data(), positive.data() + positive.size());
  EXPECT_EQ(bit_mismatches(ps, positive.log(), [](float v) { return act::log(v); }), 0);
  EXPECT_EQ(bit_mismatches(ps, positive.log1p(), [](float v) { return act::log1p(v); }), 0);
  // tanh' = 1 - a^2 as MlpField multiplied it.
  const Array a = z.tanh();
  const Array d = 1.0f - a.square();
  for (Eigen::Index i = 0; i < z.size(); ++i)
    ASSERT_EQ(bits(activation_derivative<Activation::Tanh>(z[i], a[i])), bits(d[i])) << z[i];
}
#endif

TEST(DeformActivation, CloseToLibraryFormulas) {
  double worst_tanh = 0, worst_softplus = 0, worst_logistic = 0, worst_exp = 0, worst_log = 0;
  for (float z : sweep()) {
    const double zd = z;
    if (std::abs(zd) > 1e-3) worst_tanh = std::max(worst_tanh, ulp_error(act::tanh(z), std::tanh(zd)));
    // Beyond e^-88.7 (float's smallest normal) the Cephes exp clamps: softplus(z) = e^z there is
    // off in relative terms, by less than 1e-38.
    if (std::abs(zd) < 80)
      worst_softplus = std::max(worst_softplus,
                                ulp_error(act::softplus(z), std::max(zd, 0.0) + std::log1p(std::exp(-std::abs(zd)))));
    // The rational logistic is p/q + 1/2: accurate to a few ulp of 1/2 in absolute terms, not
    // relative; below -9 it is e^z, off by e^2z < 2e-8.
    const double s = 1.0 / (1.0 + std::exp(-zd));
    worst_logistic = std::max(worst_logistic, std::abs(act::logistic(z) - s));
    if (std::abs(zd) < 80) worst_exp = std::max(worst_exp, ulp_error(act::exp(z), std::exp(zd)));
    const float p = std::abs(z) + 1e-3f;
    worst_log = std::max(worst_log, std::abs(act::log(p) - std::log(double(p))) / std::max(1e-7, std::abs(std::log(double(p)))));
  }
  // Rational and polynomial approximations: a few ulp.
  EXPECT_LT(worst_tanh, 6);  // measured 4.9 (at z = -5.89)
  EXPECT_LT(worst_softplus, 8);
  EXPECT_LT(worst_logistic, 1.8e-7);  // 3 ulp of 1/2 (measured: 2.7)
  EXPECT_LT(worst_exp, 4);
  EXPECT_LT(worst_log, 1e-6);
  // Limits: tanh saturates to +-1, softplus(z) -> z, logistic(z) -> e^z far left.
  EXPECT_FLOAT_EQ(act::tanh(30.0f), 1.0f);
  EXPECT_FLOAT_EQ(act::tanh(-30.0f), -1.0f);
  EXPECT_FLOAT_EQ(act::softplus(50.0f), 50.0f);
  EXPECT_NEAR(act::logistic(-20.0f), std::exp(-20.0), 1e-14);
  EXPECT_EQ(act::log(0.0f), -INFINITY);
  EXPECT_TRUE(std::isnan(act::log(-1.0f)));
  EXPECT_EQ(act::log1p(1e-10f), 1e-10f);
}

TEST(DeformActivation, DerivativesMatchCentralDifferences) {
  // Central differences in double of the exact functions; the float derivatives should agree to
  // float accuracy (relative 1e-5 of max(1, |f'|)).
  const auto check = [](Activation act, double (*f)(double)) {
    SCOPED_TRACE(static_cast<int>(act));
    double worst = 0;
    for (int k = -1200; k <= 1200; ++k) {
      const double z = 0.01 * k + 0.0037;
      const double h = 1e-5;
      const double fd = (f(z + h) - f(z - h)) / (2 * h);
      const float zf = static_cast<float>(z);
      const float d = activation_derivative(act, zf, activate(act, zf));
      worst = std::max(worst, std::abs(d - fd) / std::max(1.0, std::abs(fd)));
    }
    EXPECT_LT(worst, 1e-5);
  };
  check(Activation::Tanh, [](double z) { return std::tanh(z); });
  check(Activation::Softplus, [](double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); });
  check(Activation::SiLU, [](double z) { return z / (1.0 + std::exp(-z)); });
}

TEST(DeformActivation, ReciprocalWithinAnUlp) {
  int worst = 0;
  for (float q = 4e-3f; q < 1.2f; q *= 1.0001f) {
    const float r = act::reciprocal(q), exact = 1.0f / q;
    const int ulps = static_cast<int>(std::abs(static_cast<std::int64_t>(bits(r)) - static_cast<std::int64_t>(bits(exact))));
    worst = std::max(worst, ulps);
  }
  EXPECT_LE(worst, 1);
}

TEST(DeformActivation, RuntimeDispatchMatchesTemplates) {
  for (float z : {-3.0f, -0.2f, 0.0f, 0.7f, 5.0f}) {
    EXPECT_EQ(activate(Activation::Tanh, z), activate<Activation::Tanh>(z));
    EXPECT_EQ(activate(Activation::Softplus, z), activate<Activation::Softplus>(z));
    EXPECT_EQ(activate(Activation::SiLU, z), activate<Activation::SiLU>(z));
    EXPECT_EQ(activation_derivative(Activation::SiLU, z, 0.0f), activation_derivative<Activation::SiLU>(z, 0.0f));
  }
}
