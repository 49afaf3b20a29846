// Data-parallel training: the loss history does not depend on the number of ranks (same global
// batch, double precision), and replicas stay bit-identical (and a corrupted one is named).
#include <gtest/gtest.h>
#include <mpi.h>
#include <petscsys.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fpsolve/problem/problem.hpp"
#include "fpsolve/train/trainer.hpp"

using namespace fpsolve;

namespace {

nn::NetConfig net_config() {
  nn::NetConfig net;
  net.hidden = {16, 12};
  net.precision = nn::Precision::Double;
  return net;
}

std::vector<double> history(MPI_Comm comm, train::LossKind kind, int steps, bool overlap = false,
                            const nn::NetConfig &net = net_config()) {
  auto problem = make_seed_problem();
  train::TrainConfig cfg;
  cfg.loss = kind;
  cfg.batch = 37;  // not divisible by 2 or 4: uneven shares
  cfg.lr = 1e-2;
  cfg.seed = 11;
  cfg.overlap_allreduce = overlap;
  auto tr = train::Trainer::create(comm, net, cfg, *problem);
  std::vector<double> h;
  for (int s = 0; s < steps; ++s) h.push_back(tr->step());
  tr->verify_replicated();
  return h;
}

}  // namespace

TEST(TrainParallel, LossHistoryIndependentOfRankCount) {
  for (auto kind : {train::LossKind::Ritz, train::LossKind::Pinn, train::LossKind::Mse}) {
    const auto parallel = history(PETSC_COMM_WORLD, kind, 50);
    const auto serial = history(MPI_COMM_SELF, kind, 50);
    double worst = 0;
    for (int s = 0; s < 50; ++s)
      worst = std::max(worst, std::fabs(parallel[s] - serial[s]) / std::fabs(serial[s]));
    EXPECT_LT(worst, 1e-10) << "loss " << int(kind);
    if (std::getenv("FPSOLVE_TEST_VERBOSE"))
      std::printf("loss %d: worst relative difference %.3g\n", int(kind), worst);
    // Every rank returns the same loss.
    double first = parallel.back(), mine = parallel.back();
    MPI_Bcast(&first, 1, MPI_DOUBLE, 0, PETSC_COMM_WORLD);
    EXPECT_EQ(first, mine);
  }
}

// The embeddings are drawn from the seed on every rank alike (verify_replicated checksums them
// with the weights): the loss history is still that of one rank.
TEST(TrainParallel, LossHistoryWithEmbeddingsIndependentOfRankCount) {
  for (auto input : {nn::InputKind::Fourier, nn::InputKind::Mscale}) {
    nn::NetConfig net = net_config();
    net.input.kind = input;
    net.input.features = 8;
    net.input.sigma = 2;
    net.input.scales = {1, 2, 4, 8};
    for (auto kind : {train::LossKind::Ritz, train::LossKind::Pinn, train::LossKind::Mse}) {
      const auto parallel = history(PETSC_COMM_WORLD, kind, 30, false, net);
      const auto serial = history(MPI_COMM_SELF, kind, 30, false, net);
      double worst = 0;
      for (int s = 0; s < 30; ++s)
        worst = std::max(worst, std::fabs(parallel[s] - serial[s]) / std::fabs(serial[s]));
      EXPECT_LT(worst, 1e-10) << "input " << int(input) << " loss " << int(kind);
    }
  }
}

TEST(TrainParallel, DivergedReplicaIsNamed) {
  int rank, size;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  auto problem = make_seed_problem();
  train::TrainConfig cfg;
  cfg.batch = 16;
  auto tr = train::Trainer::create(PETSC_COMM_WORLD, net_config(), cfg, *problem);
  tr->step();
  EXPECT_NO_THROW(tr->verify_replicated());
  if (size < 2) return;
  auto state = tr->save_state();
  if (rank == size - 1) state[state.size() - 1] ^= 1;  // flips a bit of Adam's v: not a param
  tr->load_state(state);
  EXPECT_NO_THROW(tr->verify_replicated());
  state = tr->save_state();
  const std::size_t first_param = state.size() - 3 * tr->num_params() * sizeof(double);
  if (rank == size - 1) state[first_param] ^= 1;
  tr->load_state(state);
  try {
    tr->verify_replicated();
    ADD_FAILURE() << "expected a replica mismatch";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("ranks " + std::to_string(size - 1)), std::string::npos)
        << e.what();
  }
}

TEST(TrainParallel, OverlappedAllreduceGivesTheSameHistory) {
  int size;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  for (auto kind : {train::LossKind::Ritz, train::LossKind::Pinn}) {
    const auto blocking = history(PETSC_COMM_WORLD, kind, 20, false);
    const auto overlapped = history(PETSC_COMM_WORLD, kind, 20, true);
    for (int s = 0; s < 20; ++s) {
      if (size <= 2)  // a + b is exact whatever the message split
        EXPECT_EQ(overlapped[s], blocking[s]) << "step " << s;
      else  // MPI may associate 3+ partial sums differently for other message sizes
        EXPECT_NEAR(overlapped[s], blocking[s], 1e-12 * std::fabs(blocking[s])) << "step " << s;
    }
  }
}
