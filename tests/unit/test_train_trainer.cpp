// The trainer's contract in serial: validation messages, NaN detection, checkpoints, evaluate.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "fpsolve/base/error.hpp"
#include "fpsolve/problem/problem.hpp"
#include "fpsolve/train/trainer.hpp"

using namespace fpsolve;

namespace {

nn::NetConfig tiny_net(nn::Precision prec = nn::Precision::Double) {
  nn::NetConfig net;
  net.hidden = {8, 8};
  net.precision = prec;
  return net;
}

train::TrainConfig tiny_cfg() {
  train::TrainConfig cfg;
  cfg.batch = 32;
  cfg.lr = 1e-3;
  cfg.seed = 4;
  return cfg;
}

std::string input_error(const nn::NetConfig &net, const train::TrainConfig &cfg) {
  auto p = make_seed_problem();
  try {
    train::Trainer::create(MPI_COMM_SELF, net, cfg, *p);
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

// The seed problem but with a NaN right-hand side at x > 0.5.
class NanProblem : public Problem {
 public:
  NanProblem() : seed_(make_seed_problem()) { domain_ = seed_->domain(); }
  double rhs(const double *x) const override {
    return x[0] > 0.5 ? std::numeric_limits<double>::quiet_NaN() : seed_->rhs(x);
  }
  double boundary(const double *x) const override { return seed_->boundary(x); }
  bool has_exact() const override { return false; }
  double exact(const double *) const override { return 0; }
  std::string describe() const override { return "nan"; }

 private:
  std::unique_ptr<Problem> seed_;
};

}  // namespace

TEST(TrainTrainer, RejectsBadConfigurationsNamingTheOption) {
  auto net = tiny_net();
  auto cfg = tiny_cfg();
  net.hidden = {8, 0};
  EXPECT_EQ(input_error(net, cfg).rfind("-dnn_widths:", 0), 0u);
  net.hidden = {};
  EXPECT_EQ(input_error(net, cfg).rfind("-dnn_widths:", 0), 0u);
  net = tiny_net();
  cfg.batch = 0;
  EXPECT_EQ(input_error(net, cfg).rfind("-train_batch:", 0), 0u);
  cfg = tiny_cfg();
  cfg.lr = -1;
  EXPECT_EQ(input_error(net, cfg).rfind("-train_lr:", 0), 0u);
  cfg = tiny_cfg();
  net.init.kind = nn::InitSpec::Kind::Normal;
  net.init.std = 0;
  EXPECT_EQ(input_error(net, cfg).rfind("-dnn_init:", 0), 0u);
  EXPECT_EQ(input_error(tiny_net(), tiny_cfg()), "");
}

TEST(TrainTrainer, NonFiniteLossStopsNamingTheStep) {
  NanProblem p;
  auto tr = train::Trainer::create(MPI_COMM_SELF, tiny_net(), tiny_cfg(), p);
  try {
    tr->step();
    FAIL() << "expected NumericalError";
  } catch (const NumericalError &e) {
    EXPECT_STREQ(e.what(), "non-finite loss at step 0");
  }
  EXPECT_EQ(tr->steps_done(), 0);
}

TEST(TrainTrainer, CheckpointRestoresTheExactTrajectory) {
  // Grid sampling draws its samples once: a restored trainer must draw them too.
  const std::pair<nn::Precision, train::Sampling> cases[] = {
      {nn::Precision::Single, train::Sampling::Random},
      {nn::Precision::Double, train::Sampling::Random},
      {nn::Precision::Double, train::Sampling::Grid}};
  for (auto [prec, sampling] : cases) {
    auto p = make_seed_problem();
    auto cfg = tiny_cfg();
    cfg.sampling = sampling;
    cfg.lr_decay = 0.5, cfg.lr_decay_steps = 3;
    auto a = train::Trainer::create(MPI_COMM_SELF, tiny_net(prec), cfg, *p);
    for (int s = 0; s < 5; ++s) a->step();
    const auto state = a->save_state();
    std::vector<double> first;
    for (int s = 0; s < 5; ++s) first.push_back(a->step());

    auto cfg_other_seed = cfg;
    cfg_other_seed.seed = cfg.seed;  // same sample stream; weights come from the checkpoint
    auto b = train::Trainer::create(MPI_COMM_SELF, tiny_net(prec), cfg_other_seed, *p);
    b->load_state(state);
    EXPECT_EQ(b->steps_done(), 5);
    EXPECT_DOUBLE_EQ(b->learning_rate(), 1e-3 * 0.5);  // step 5: one decay (every 3 steps)
    for (int s = 0; s < 5; ++s) EXPECT_EQ(b->step(), first[s]);
  }
  auto p = make_seed_problem();
  auto single =
      train::Trainer::create(MPI_COMM_SELF, tiny_net(nn::Precision::Single), tiny_cfg(), *p);
  auto dbl = train::Trainer::create(MPI_COMM_SELF, tiny_net(), tiny_cfg(), *p);
  EXPECT_THROW(dbl->load_state(single->save_state()), InputError);
  auto state = dbl->save_state();
  state.pop_back();
  EXPECT_THROW(dbl->load_state(state), InputError);
}

TEST(TrainTrainer, EvaluateHandlesMoreThanTheWorkspace) {
  auto p = make_seed_problem();
  auto tr = train::Trainer::create(MPI_COMM_SELF, tiny_net(), tiny_cfg(), *p);
  tr->step();
  const int n = 1001;  // the workspace holds (32 + 2) * 2 columns
  std::vector<double> x(n), u(n), one(1);
  for (int i = 0; i < n; ++i) x[i] = -1 + 2.0 * i / (n - 1);
  tr->evaluate(x.data(), n, u.data());
  for (int i : {0, 67, 68, 500, 1000}) {
    tr->evaluate(&x[i], 1, one.data());
    EXPECT_NEAR(one[0], u[i], 1e-14);  // BLAS may sum in another order for one column
  }
  EXPECT_NO_THROW(tr->verify_replicated());
  EXPECT_EQ(tr->num_params(), std::size_t(2 * 8 + 9 * 8 + 9));
  EXPECT_EQ(tr->describe(), "net 1-8-8-1 tanh double (97 params), ritz, batch 32 over 1 rank");
}
