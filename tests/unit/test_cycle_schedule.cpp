// The correction cycle's schedule rules that need no grid (hybrid/correction_cycle.cpp): the
// auto cut-off (1/8 of the modes, at most a given Fourier sigma's reach) and the auto-steps
// stop (the last stride's gain per second against the cycle's average).
#include <gtest/gtest.h>

#include <cmath>

#include "fpsolve/hybrid/correction_cycle.hpp"

using fpsolve::hybrid::CycleConfig;
using fpsolve::hybrid::CycleSchedule;

TEST(CycleSchedule, AutoCutoffIsAnEighthCappedByTheNetsReach) {
  CycleSchedule auto_fraction{CycleConfig{}};
  EXPECT_EQ(auto_fraction.Cutoff(511), 64);  // 513^2: n = 511 interior points an axis
  EXPECT_EQ(CycleSchedule::FourierReach(1.0, 2.0), 32);
  EXPECT_EQ(CycleSchedule::FourierReach(0.5, 2.0), 16);
  auto_fraction.SetNetReach(32);
  EXPECT_EQ(auto_fraction.Cutoff(511), 32);
  EXPECT_EQ(auto_fraction.Cutoff(63), 8);  // below the reach: the eighth
  // A given fraction or mode is kept whatever the net reaches.
  const auto cutoff_with_reach = [](CycleConfig cfg, PetscInt reach) {
    CycleSchedule s{cfg};
    s.SetNetReach(reach);
    return s.Cutoff(511);
  };
  CycleConfig given;
  given.smooth_fraction = 0.25;
  EXPECT_EQ(cutoff_with_reach(given, 16), 128);
  CycleConfig mode;
  mode.smooth_mode = 40;
  EXPECT_EQ(cutoff_with_reach(mode, 16), 40);
}

TEST(CycleSchedule, TrainingPaysWhileTheLastStrideBeatsTheAverageRate) {
  CycleSchedule s{CycleConfig{}};
  const double t_step = 1e-3, smoothing = 0.2;  // seconds per step, smoothing seconds
  // First evaluation (no previous best) or no gain yet: keep training.
  EXPECT_TRUE(s.TrainingPays(1.0, INFINITY, 0.5, 100, 100, smoothing, t_step));
  EXPECT_TRUE(s.TrainingPays(1.0, 1.0, 1.2, 100, 100, smoothing, t_step));
  // 200 steps: 10x overall (ln 10 / 0.4 s = 5.8 /s); the last 100 steps gained 2x (6.9 /s).
  EXPECT_TRUE(s.TrainingPays(1.0, 0.2, 0.1, 200, 100, smoothing, t_step));
  // The last 100 steps gained only 1.2x (1.8 /s): stop.
  EXPECT_FALSE(s.TrainingPays(1.0, 0.12, 0.1, 200, 100, smoothing, t_step));
  // Nothing gained in the last stride: stop.
  EXPECT_FALSE(s.TrainingPays(1.0, 0.1, 0.1, 300, 100, smoothing, t_step));
  // Costlier smoothing lowers the average: the same 1.2x stride now pays.
  EXPECT_TRUE(s.TrainingPays(1.0, 0.12, 0.1, 200, 100, 10.0, t_step));
}

TEST(CycleSchedule, LaterCorrectionsReuseTheAcceptedStepCount) {
  CycleSchedule s{CycleConfig{}};          // auto steps
  EXPECT_EQ(s.FirstEvaluation(100), 100);  // the first correction: every stride
  EXPECT_FALSE(s.ReusesSteps(100, 100, true));
  s.Accepted(200);
  EXPECT_EQ(s.FirstEvaluation(100), 200);
  EXPECT_TRUE(s.ReusesSteps(200, 200, true));
  EXPECT_FALSE(s.ReusesSteps(200, 200, false));  // no gain there: the rate rule goes on
  EXPECT_FALSE(s.ReusesSteps(300, 200, true));
  s.Accepted(300);  // mean 250: rounded up to the stride
  EXPECT_EQ(s.FirstEvaluation(100), 300);
  CycleConfig fixed;
  fixed.train_steps = 150;
  CycleSchedule f{fixed};
  f.Accepted(150);
  EXPECT_EQ(f.FirstEvaluation(100), 100);
  EXPECT_FALSE(f.ReusesSteps(150, 100, true));
}

TEST(CycleSchedule, FinishingPassesGrowWhenThePredictionSaysDone) {
  EXPECT_EQ(CycleSchedule::FinishSweeps(1234.2, 5000), 1235);
  EXPECT_EQ(CycleSchedule::FinishSweeps(0, 21807), 2180);  // predicted done, not converged
  EXPECT_EQ(CycleSchedule::FinishSweeps(0.5, 5), 1);
}

// The default Fourier sigma: the per-axis RMS of the error's energy-weighted frequency, never
// below mode 1's reach; with the reach rule it sets the auto cut-off (2D seed at 513^2: f =
// 1.728 cycles a unit, sigma 1.22, cut-off 39 of 64).
TEST(CycleSchedule, ContentSigmaIsThePerAxisFrequencyAndSetsTheReach) {
  EXPECT_DOUBLE_EQ(CycleSchedule::ContentSigma(1.5, 1, 2.0), 1.5);
  EXPECT_DOUBLE_EQ(CycleSchedule::ContentSigma(3.0, 2, 2.0), 3.0 / std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(CycleSchedule::ContentSigma(0.0, 3, 2.0), 1 / 8.0);  // no error: mode 1
  CycleSchedule s{CycleConfig{}};
  s.SetNetReach(CycleSchedule::FourierReach(CycleSchedule::ContentSigma(1.728, 2, 2.0), 2.0));
  EXPECT_EQ(s.Cutoff(511), 39);
  EXPECT_EQ(s.Cutoff(127), 16);  // 129^2: the eighth is below the reach
}
