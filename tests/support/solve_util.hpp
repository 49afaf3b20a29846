#pragma once
// One KSP finish of a problem under a set of options, with everything a test compares:
// the gathered solution, every record, the result. Shared by the solve tests.
#include <functional>
#include <string>
#include <vector>

#include "fpsolve/problem/grid.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "petsc_test_util.hpp"

namespace fpsolve::testing {

struct SolvedRun {
  std::vector<double> u;  // natural order (x fastest), the same on every rank count
  std::vector<SolveRecord> history;
  SolveResult result;
};

// Solves on comm from the zero guess with opts set (-jacobi_record_stride, if given, overrides
// fo.record_stride). prepare sees the Finisher before the solve (and before the observer is
// set), inspect after it, before it is destroyed.
inline SolvedRun SolveOnce(MPI_Comm comm, const Problem &problem, const std::string &opts,
                           FinishOptions fo = {},
                           const std::function<void(Finisher &)> &inspect = {},
                           const std::function<void(Finisher &)> &prepare = {}) {
  ScopedOptions scoped(opts);
  SolvedRun out;
  Grid grid;
  EXPECT_EQ(GridCreate(comm, problem.domain(), &grid), 0);
  PetscOptionsGetInt(nullptr, nullptr, "-jacobi_record_stride", &fo.record_stride, nullptr);
  Finisher *f = nullptr;
  EXPECT_EQ(Finisher::Create(grid, problem, fo, &f), 0);
  if (prepare) prepare(*f);
  f->set_observer([&](const SolveRecord &r, Vec) -> PetscErrorCode {
    out.history.push_back(r);
    return 0;
  });
  Vec u;
  DMCreateGlobalVector(grid.da, &u);
  EXPECT_EQ(f->Solve(nullptr, u, &out.result), 0);
  out.u = GatherNatural(grid.da, u);
  if (inspect) inspect(*f);
  VecDestroy(&u);
  Finisher::Destroy(&f);
  GridDestroy(&grid);
  return out;
}

}  // namespace fpsolve::testing
