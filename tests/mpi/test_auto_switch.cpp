// The auto switch's prediction: Jacobi iterations from a guess to a target max error, computed
// from the guess's residual spectrum alone, against the iterations Jacobi actually takes.
#include <gtest/gtest.h>

#include <cmath>

#include "fpsolve/hybrid/auto_switch.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/solve/laplacian.hpp"
#include "fpsolve/spectral/dst_nd.hpp"
#include "petsc_test_util.hpp"

namespace fpsolve {
namespace {

struct SeedSystem {
  std::unique_ptr<Problem> problem;
  Grid grid;
  Finisher *finisher = nullptr;
  Mat A = nullptr;
  std::unique_ptr<spectral::DstNd> dst;
  explicit SeedSystem(double target, int dim = 1, const char *grid_opts = "-da_grid_x 201")
      : problem(make_seed_problem(dim)) {
    testing::ScopedOptions opts(grid_opts);
    EXPECT_EQ(GridCreate(PETSC_COMM_WORLD, problem->domain(), &grid), 0);
    EXPECT_EQ(spectral::DstNd::Create(grid.da, &dst), 0);
    FinishOptions fo;
    fo.record_stride = 10;
    fo.target_error = target;
    EXPECT_EQ(Finisher::Create(grid, *problem, fo, &finisher), 0);
    DMCreateMatrix(grid.da, &A);
    LaplacianAssemble(grid.da, grid.domain, A);
  }
  ~SeedSystem() {
    dst.reset();
    MatDestroy(&A);
    Finisher::Destroy(&finisher);
    GridDestroy(&grid);
  }
  PetscInt Actual(Vec guess) {
    Vec u;
    SolveResult r;
    VecDuplicate(guess, &u);
    EXPECT_EQ(finisher->Solve(guess, u, &r), 0);
    EXPECT_TRUE(r.reached_target);
    VecDestroy(&u);
    return r.iterations;
  }
};

// (1 - scale) of the exact solution plus a bump in mode 1 (absent from the seed's solution
// and the slowest for Jacobi).
PetscErrorCode SmoothGuess(const SeedSystem &s, double amplitude, Vec u, double scale = 0.2) {
  return GridFill(
      s.grid,
      [&](const double *x) {
        double bump = amplitude;
        for (int d = 0; d < s.grid.dim; ++d) bump *= std::sin(M_PI * (x[d] + 1) / 2);
        return (1 - scale) * s.problem->exact(x) + bump;
      },
      u);
}

// The prediction for three smooth guesses against the iterations Jacobi then takes: a bound,
// so never below the truth (up to the stride-1 check), and close for smooth errors.
void ExpectPredictionsClose(SeedSystem &s, double target) {
  std::unique_ptr<hybrid::AutoSwitch> sw;
  ASSERT_EQ(
      hybrid::AutoSwitch::Create(s.grid, *s.dst, s.A, s.finisher->rhs(), target, 1e-6, 3, &sw), 0);
  Vec guess;
  DMCreateGlobalVector(s.grid.da, &guess);
  for (double amplitude : {0.0, 0.05, 0.3}) {
    ASSERT_EQ(SmoothGuess(s, amplitude, guess), 0);
    double predicted;
    ASSERT_EQ(sw->PredictIterations(guess, &predicted), 0);
    const double actual = s.Actual(guess);
    EXPECT_GE(predicted, 0.98 * actual - 10) << "amplitude " << amplitude;
    EXPECT_LE(predicted, 1.25 * actual) << "amplitude " << amplitude;
  }
  VecDestroy(&guess);
}

TEST(AutoSwitch, PredictsJacobiIterationsFromTheResidualSpectrum) {
  SeedSystem s(1e-2);
  ExpectPredictionsClose(s, 1e-2);
}

// The same in 2D (5-point operator, multi-index lambda_k and rho_k, the seed's tensor product):
// the prediction within 25 % of the sweeps Jacobi takes.
TEST(AutoSwitch, PredictsJacobiIterationsIn2D) {
  SeedSystem s(1e-2, 2, "-problem_dim 2 -da_grid_x 81 -da_grid_y 81");
  ExpectPredictionsClose(s, 1e-2);
}

TEST(AutoSwitch, ChoosesTheBestPredictionAndStopsAfterPatience) {
  const double target = 1e-2;
  SeedSystem s(target);
  std::unique_ptr<hybrid::AutoSwitch> sw;
  const double t_it = 1e-3;  // expensive iterations: a better guess is worth training time
  ASSERT_EQ(
      hybrid::AutoSwitch::Create(s.grid, *s.dst, s.A, s.finisher->rhs(), target, t_it, 2, &sw), 0);
  EXPECT_EQ(sw->best_step(), -1);  // the zero guess is the first candidate
  Vec guess;
  DMCreateGlobalVector(s.grid.da, &guess);
  PetscBool stop;
  const double scales[] = {0.5, 0.1, 0.3, 0.4};  // errors: that fraction of the solution
  for (int step = 0; step < 4; ++step) {
    ASSERT_EQ(SmoothGuess(s, 0.0, guess, scales[step]), 0);
    ASSERT_EQ(sw->Consider(guess, step, 0.01 * step, &stop), 0);
    EXPECT_EQ(stop, step == 3 ? PETSC_TRUE : PETSC_FALSE) << "step " << step;
  }
  EXPECT_EQ(sw->best_step(), 1);
  EXPECT_STREQ(sw->stop_reason_name(), "patience");
  // Cheap iterations: training never pays, the zero guess stays best.
  ASSERT_EQ(
      hybrid::AutoSwitch::Create(s.grid, *s.dst, s.A, s.finisher->rhs(), target, 1e-12, 2, &sw), 0);
  ASSERT_EQ(SmoothGuess(s, 0.0, guess, 0.1), 0);
  ASSERT_EQ(sw->Consider(guess, 0, 10.0, &stop), 0);
  EXPECT_EQ(sw->best_step(), -1);
  // A guess whose error sits in mode 1 (the slowest for Jacobi) predicts MORE iterations than
  // the zero guess, though its max error is much smaller: the effect the spectra expose.
  double from_zero, from_guess;
  ASSERT_EQ(SmoothGuess(s, 0.05, guess, 0.0), 0);
  ASSERT_EQ(sw->PredictIterations(guess, &from_guess), 0);
  VecZeroEntries(guess);
  ASSERT_EQ(sw->PredictIterations(guess, &from_zero), 0);
  EXPECT_GT(from_guess, from_zero);
  VecDestroy(&guess);
}

// A net's early plateau: guesses no better than the zero guess (or better by less than the
// prediction's accuracy) for many more records than the patience do not stop training
// (patience counts only once a net leads); training stops when its seconds reach the best
// predicted total, since no later guess can beat it then.
TEST(AutoSwitch, WaitsThroughAPlateauUntilTrainingCannotPay) {
  const double target = 1e-2;
  SeedSystem s(target);
  std::unique_ptr<hybrid::AutoSwitch> sw;
  const double t_it = 1e-3;
  ASSERT_EQ(
      hybrid::AutoSwitch::Create(s.grid, *s.dst, s.A, s.finisher->rhs(), target, t_it, 2, &sw), 0);
  const double zero_total = sw->best_prediction();
  ASSERT_GT(zero_total, 0);
  Vec guess;
  DMCreateGlobalVector(s.grid.da, &guess);
  PetscBool stop = PETSC_FALSE;
  // A net barely better than zero (error 0.98 x the solution) is the best but does not lead:
  // its few saved sweeps are within the prediction's accuracy.
  ASSERT_EQ(SmoothGuess(s, 0.0, guess, 0.98), 0);
  ASSERT_EQ(sw->Consider(guess, 0, 0.0, &stop), 0);
  ASSERT_EQ(sw->best_step(), 0);
  const double best_total = sw->best_prediction();
  ASSERT_EQ(SmoothGuess(s, 0.05, guess, 0.0), 0);  // mode-1 error: more sweeps than zero
  int step = 1;
  const int records = 20;  // 10x the patience, all before the zero guess's total
  for (; step < records; ++step) {
    ASSERT_EQ(sw->Consider(guess, step, best_total * step / (records + 1.0), &stop), 0);
    ASSERT_EQ(stop, PETSC_FALSE) << "step " << step;
  }
  EXPECT_EQ(sw->best_step(), 0);
  ASSERT_EQ(sw->Consider(guess, step, best_total, &stop), 0);
  EXPECT_EQ(stop, PETSC_TRUE);
  EXPECT_STREQ(sw->stop_reason_name(), "cannot_pay");
  EXPECT_EQ(sw->best_step(), 0);

  // A net that leads stops training as soon as the training seconds reach its predicted total,
  // even with patience to spare.
  ASSERT_EQ(
      hybrid::AutoSwitch::Create(s.grid, *s.dst, s.A, s.finisher->rhs(), target, t_it, 100, &sw),
      0);
  ASSERT_EQ(SmoothGuess(s, 0.0, guess, 0.05), 0);
  ASSERT_EQ(sw->Consider(guess, 0, 0.0, &stop), 0);
  ASSERT_EQ(sw->best_step(), 0);
  EXPECT_EQ(stop, PETSC_FALSE);
  const double net_total = sw->best_prediction();
  EXPECT_LT(net_total, zero_total);
  ASSERT_EQ(sw->Consider(guess, 1, 0.5 * net_total, &stop), 0);
  EXPECT_EQ(stop, PETSC_FALSE);
  ASSERT_EQ(sw->Consider(guess, 2, net_total, &stop), 0);
  EXPECT_EQ(stop, PETSC_TRUE);
  EXPECT_STREQ(sw->stop_reason_name(), "cannot_pay");
  EXPECT_EQ(sw->best_step(), 0);
  VecDestroy(&guess);
}

}  // namespace
}  // namespace fpsolve
