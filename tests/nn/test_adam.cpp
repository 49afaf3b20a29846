// Adam against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>

#include "fpsolve/nn/adam.hpp"

using fpsolve::nn::Adam;
using fpsolve::nn::AdamConfig;

TEST(Adam, FirstStepMovesByLrTimesSign) {
  // Step 1: m = 0.1 g, v = 0.001 g^2; bias-corrected m^ = g, v^ = g^2, so p -= lr g/(|g|+eps).
  AdamConfig cfg;
  cfg.lr = 0.1;
  Adam<double> adam(3, cfg);
  double p[3] = {1, 2, 3};
  const double g[3] = {0.5, -2, 0};
  adam.step(p, g);
  EXPECT_NEAR(p[0], 1 - 0.1 * 0.5 / (0.5 + 1e-8), 1e-15);
  EXPECT_NEAR(p[1], 2 + 0.1 * 2 / (2 + 1e-8), 1e-15);
  EXPECT_EQ(p[2], 3);
  EXPECT_NEAR(adam.m()[0], 0.05, 1e-16);
  EXPECT_NEAR(adam.v()[1], 0.004, 1e-16);
}

TEST(Adam, SecondStepByHand) {
  AdamConfig cfg;
  cfg.lr = 0.01;
  Adam<double> adam(1, cfg);
  double p = 0.5;
  const double g1 = 0.3, g2 = -0.1;
  adam.step(&p, &g1);
  adam.step(&p, &g2);
  // m2 = 0.9*0.03 + 0.1*(-0.1) = 0.017; v2 = 0.999*0.001*0.09 + 0.001*0.01 = 0.00009991
  // m^ = 0.017/0.19, v^ = 0.00009991/0.001999
  const double p1 = 0.5 - 0.01 * 0.3 / (0.3 + 1e-8);
  const double expected = p1 - 0.01 * (0.017 / 0.19) / (std::sqrt(0.00009991 / 0.001999) + 1e-8);
  EXPECT_NEAR(p, expected, 1e-14);
  EXPECT_EQ(adam.steps(), 2);
}

TEST(Adam, StepDecay) {
  AdamConfig cfg;
  cfg.lr = 1.0;
  cfg.decay = 0.5;
  cfg.decay_steps = 2;
  Adam<float> adam(1, cfg);
  float p = 0, g = 1;
  EXPECT_DOUBLE_EQ(adam.current_lr(), 1.0);
  adam.step(&p, &g);
  adam.step(&p, &g);
  EXPECT_DOUBLE_EQ(adam.current_lr(), 0.5);
  adam.step(&p, &g);
  adam.step(&p, &g);
  EXPECT_DOUBLE_EQ(adam.current_lr(), 0.25);
}
