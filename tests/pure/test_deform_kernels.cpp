// The MLP kernels (solvers/deform/mlp_kernels.hpp) behind MlpField:
//  - each kernel set's vectorised tanh equals activation.hpp's act::tanh bit for bit;
//  - forward and vjp agree with a plain double-precision reference of the same network;
//  - the generic, avx2 and avx512 sets give the same bits (forward, grad_X, grad_theta), for the
//    three activations and a width that is not a multiple of 16 (this is what makes a trained
//    mesh the same on every machine); sets this CPU lacks are skipped;
//  - the result does not depend on the number of OpenMP threads (the gradient is summed per
//    block of chunks, blocks in order), also when a block holds several chunks.
// About 1 s in all (the generic set calls fmaf per lane).
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "base/errors.hpp"
#include "solvers/common/random.hpp"
#include "solvers/deform/mlp_field.hpp"
#include "solvers/deform/mlp_kernels.hpp"

using namespace monge;
using namespace monge::deform;

namespace {

const mlp::Isa kIsas[] = {mlp::Isa::Generic, mlp::Isa::Avx2, mlp::Isa::Avx512};

Points random_points(int n, std::uint64_t stream, float scale = 1.0f) {
  const CounterRng rng(7, stream);
  Points X(n, 3);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < 3; ++j) X(i, j) = scale * rng.normal(static_cast<std::uint64_t>(3 * i + j));
  return X;
}

// theta with O(1) entries everywhere (the initial last layer is tiny: use a generic draw).
Parameters random_theta(const MlpField& field, float scale) {
  const CounterRng rng(11, 5);
  Parameters theta(field.parameter_count());
  for (int k = 0; k < theta.size(); ++k) theta[k] = scale * rng.normal(static_cast<std::uint64_t>(k));
  return theta;
}

bool same_bits(const float* a, const float* b, std::size_t n) { return std::memcmp(a, b, n * sizeof(float)) == 0; }

struct Result {
  Points V, grad_X;
  Parameters grad_theta;
};

Result run(MlpField& field, const Parameters& theta, const Points& X, const Points& dV, float t) {
  Result r;
  field.forward(theta, X, t, r.V);
  r.grad_theta = Parameters::Constant(field.parameter_count(), 0.25f);  // vjp accumulates into it
  field.vjp(theta, X, t, dV, r.grad_theta, r.grad_X);
  return r;
}

void expect_same(const Result& a, const Result& b, const char* what) {
  EXPECT_TRUE(same_bits(a.V.data(), b.V.data(), a.V.size())) << what << ": forward";
  EXPECT_TRUE(same_bits(a.grad_X.data(), b.grad_X.data(), a.grad_X.size())) << what << ": grad_X";
  EXPECT_TRUE(same_bits(a.grad_theta.data(), b.grad_theta.data(), a.grad_theta.size())) << what << ": grad_theta";
}

// The network in double with plain loops: v = scale * MLP((x - c) / scale, t).
struct Reference {
  std::vector<Eigen::MatrixXd> W;
  std::vector<Eigen::VectorXd> b;
  Activation activation;
  Eigen::Vector3d center;
  double scale;

  Reference(const MlpField& field, const Parameters& theta) : activation(field.options().activation) {
    center = field.options().center.cast<double>();
    scale = field.options().scale;
    for (const MlpField::Layer& l : field.layers()) {
      Eigen::MatrixXd w(l.out, l.in);
      for (int j = 0; j < l.out; ++j)
        for (int i = 0; i < l.in; ++i) w(j, i) = theta[l.weight_offset + j * l.in + i];
      W.push_back(w);
      b.push_back(theta.segment(l.bias_offset, l.out).cast<double>());
    }
  }
  double act(double z) const {
    if (activation == Activation::Tanh) return std::tanh(z);
    if (activation == Activation::Softplus) return std::log1p(std::exp(-std::abs(z))) + std::max(z, 0.0);
    return z / (1 + std::exp(-z));
  }
  Eigen::Vector3d operator()(const Eigen::Vector3d& x, double t) const {
    Eigen::VectorXd a(4);
    a << (x - center) / scale, t;
    for (std::size_t l = 0; l < W.size(); ++l) {
      Eigen::VectorXd z = W[l] * a + b[l];
      if (l + 1 < W.size()) z = z.unaryExpr([&](double v) { return act(v); });
      a = z;
    }
    return scale * a;
  }
};

}  // namespace

TEST(DeformKernels, VectorTanhIsActTanhBitForBit) {
  std::vector<float> z;
  for (int k = -20000; k <= 20000; ++k) z.push_back(0.0005f * k + 0.0000311f * static_cast<float>(k % 5));
  for (float v : {0.0f, -0.0f, 1e-30f, -1e-30f, 1e-40f, 3.99e-4f, 4e-4f, 4.01e-4f, 7.9053111f, -7.9053111f, 8.0f, -8.0f,
                  1e30f, -1e30f, std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                  std::numeric_limits<float>::quiet_NaN()})
    z.push_back(v);
  std::vector<float> expected(z.size()), got(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) expected[i] = act::tanh(z[i]);
  for (mlp::Isa isa : kIsas) {
    if (!mlp::isa_supported(isa)) continue;
    mlp::tanh_values(isa, z.data(), got.data(), static_cast<int>(z.size()));
    int bad = 0;
    for (std::size_t i = 0; i < z.size(); ++i)
      // NaN in, NaN out; its sign bit depends on operand order, which means nothing.
      if (!(std::isnan(got[i]) && std::isnan(expected[i])) && std::memcmp(&got[i], &expected[i], sizeof(float)) != 0 &&
          bad++ < 3)
        ADD_FAILURE() << mlp::isa_name(isa) << ": tanh(" << z[i] << ") = " << got[i] << ", act::tanh " << expected[i];
    EXPECT_EQ(bad, 0) << mlp::isa_name(isa);
  }
}

TEST(DeformKernels, ForwardMatchesDoubleReference) {
  for (Activation a : {Activation::Tanh, Activation::Softplus, Activation::SiLU}) {
    MlpOptions o;
    o.width = 37;
    o.activation = a;
    o.center = Eigen::Vector3f(0.5f, -1.0f, 2.0f);
    o.scale = 2.5f;
    MlpField field(o);
    const Parameters theta = random_theta(field, 0.3f);
    const Points X = random_points(200, 1, 3.0f);
    Points V;
    field.forward(theta, X, 0.3f, V);
    const Reference ref(field, theta);
    double worst = 0, largest = 0;
    for (int i = 0; i < X.rows(); ++i) {
      const Eigen::Vector3d r = ref(X.row(i).transpose().cast<double>(), 0.3);
      worst = std::max(worst, (V.row(i).transpose().cast<double>() - r).cwiseAbs().maxCoeff());
      largest = std::max(largest, r.cwiseAbs().maxCoeff());
    }
    EXPECT_LT(worst, 2e-5 * largest) << activation_name(a);
    EXPECT_GT(largest, 0.1);  // a field worth comparing
  }
}

TEST(DeformKernels, AllKernelSetsGiveTheSameBits) {
  const Points X = random_points(300, 2), dV = random_points(300, 3);
  for (Activation a : {Activation::Tanh, Activation::Softplus, Activation::SiLU}) {
    for (int width : {64, 37}) {
      MlpOptions o;
      o.width = width;
      o.depth = width == 64 ? 3 : 2;
      o.activation = a;
      o.scale = 1.7f;
      MlpField field(o);
      const Parameters theta = random_theta(field, 0.25f);
      field.set_isa(mlp::Isa::Generic);
      const Result reference = run(field, theta, X, dV, 0.625f);
      for (mlp::Isa isa : {mlp::Isa::Avx2, mlp::Isa::Avx512}) {
        if (!mlp::isa_supported(isa)) continue;
        field.set_isa(isa);
        expect_same(run(field, theta, X, dV, 0.625f), reference,
                    (std::string(mlp::isa_name(isa)) + " " + activation_name(a) + " width " + std::to_string(width)).c_str());
      }
    }
  }
}

// 20,000 points = 157 chunks: more than the 64 gradient blocks, so blocks hold several chunks.
TEST(DeformKernels, ThreadCountDoesNotChangeBits) {
  const Points X = random_points(20000, 4), dV = random_points(20000, 5);
  MlpField field{MlpOptions{}};
  const Parameters theta = random_theta(field, 0.2f);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const Result one = run(field, theta, X, dV, 0.25f);
  for (int threads : {2, 3}) {
    omp_set_num_threads(threads);
    expect_same(run(field, theta, X, dV, 0.25f), one, (std::to_string(threads) + " threads").c_str());
  }
  omp_set_num_threads(saved);
}

TEST(DeformKernels, UnsupportedSetIsAnInputError) {
  MlpField field{MlpOptions{}};
  for (mlp::Isa isa : kIsas) {
    if (!mlp::isa_supported(isa)) {
      EXPECT_THROW(field.set_isa(isa), InputError);
    }
  }
  EXPECT_NO_THROW(field.set_isa(mlp::Isa::Generic));
  EXPECT_EQ(std::string(mlp::isa_name(mlp::best_isa())).empty(), false);
}
