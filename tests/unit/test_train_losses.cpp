// Losses: values by hand, and the gradient of each loss w.r.t. every parameter of a small net
// (forward -> loss -> dL/d(output) -> backward) against central finite differences in double.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "fd_gradient.hpp"
#include "fpsolve/nn/counter_rng.hpp"
#include "fpsolve/nn/mlp.hpp"
#include "fpsolve/train/losses.hpp"

using namespace fpsolve;
using train::LossKind;

TEST(TrainLosses, ValuesAndOutputGradientsByHand) {
  // One interior point (column 0) and one boundary point (column 1), dim 1.
  train::LossBatch b;
  b.n_interior = 1, b.n_boundary = 1;
  const double g[1] = {3.0}, ub[1] = {0.5};
  b.g = g, b.ub = ub, b.interior_weight = 2.0, b.boundary_weight = 10.0;
  {
    const double out[4] = {0.7, 0.9, -1.5, 4.0};  // [u0 u1 | du0 du1]
    double dout[4];
    const double loss = train::ritz_loss(b, out, dout);
    EXPECT_NEAR(loss, 2.0 * (0.5 * 2.25 - 3.0 * 0.7) + 10.0 * 0.16, 1e-14);
    EXPECT_DOUBLE_EQ(dout[0], -6.0);
    EXPECT_NEAR(dout[1], 2 * 10.0 * 0.4, 1e-14);
    EXPECT_DOUBLE_EQ(dout[2], 2.0 * -1.5);
    EXPECT_DOUBLE_EQ(dout[3], 0.0);  // no gradient through boundary tangents
  }
  {
    const double out[6] = {0.7, 0.9, 0, 0, -2.5, 7.0};  // [u | du | d2u]
    double dout[6];
    const double loss = train::pinn_loss(b, out, dout);
    EXPECT_NEAR(loss, 2.0 * 0.25 + 10.0 * 0.16, 1e-14);  // r = 2.5 - 3
    EXPECT_DOUBLE_EQ(dout[4], -2 * 2.0 * -0.5);
    EXPECT_DOUBLE_EQ(dout[5], 0.0);
  }
  {
    b.n_boundary = 0;
    const double out[1] = {1.0};
    double dout[1];
    EXPECT_DOUBLE_EQ(train::mse_loss(b, out, dout), 2.0 * 4.0);
    EXPECT_DOUBLE_EQ(dout[0], 2 * 2.0 * -2.0);
  }
}

namespace {

struct Case {
  LossKind kind;
  nn::Activation act;
  int dim;
};

void check_gradient(const Case &c) {
  nn::Mlp<double> net({c.dim, 6, 5, 1}, c.act);
  net.init({}, 17);
  const nn::Derivs m = train::derivs_for(c.kind);
  const int ni = 7, nb = c.kind == LossKind::Mse ? 0 : 3, n = ni + nb;
  std::vector<double> x(std::size_t(c.dim) * n), g(ni), ub(nb);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 2 * nn::counter_uniform(5, 1, i) - 1;
  for (int i = 0; i < ni; ++i) g[i] = 3 * nn::counter_uniform(5, 2, i) - 1;
  for (int i = 0; i < nb; ++i) ub[i] = nn::counter_uniform(5, 3, i);
  train::LossBatch b;
  b.dim = c.dim, b.n_interior = ni, b.n_boundary = nb, b.g = g.data(), b.ub = ub.data();
  b.interior_weight = 2.0 / ni, b.boundary_weight = 3.0 / (nb ? nb : 1);
  std::vector<double> dout(std::size_t(n) * nn::num_segments(m, c.dim));
  auto loss = [&]() {
    return train::loss_and_output_gradient(c.kind, b, net.forward(x.data(), n, m), dout.data());
  };
  loss();
  std::vector<double> grad(net.num_params());
  net.backward(dout.data(), grad.data());
  const auto check = fpsolve::test::CheckParameterGradient(net, loss, grad);
  EXPECT_GT(check.max_gradient, 1e-3);
  EXPECT_LT(check.relative(), 1e-6);  // norm-wise: max |fd - analytic| / max |analytic|
}

}  // namespace

TEST(TrainLosses, GradientsMatchFiniteDifferencesForEveryLossAndActivation) {
  for (LossKind kind : {LossKind::Ritz, LossKind::Pinn, LossKind::Mse})
    for (nn::Activation act : {nn::Activation::Tanh, nn::Activation::Sin, nn::Activation::Relu})
      for (int dim = 1; dim <= 2; ++dim) {
        SCOPED_TRACE(testing::Message()
                     << "loss " << int(kind) << " act " << int(act) << " dim " << dim);
        check_gradient({kind, act, dim});
      }
}
