#pragma once
// The net on a coarse grid, prolonged spectrally to the grid (-cycle_candidate_points,
// docs/cycles.md): the net is evaluated at m_a = min(M, n_a) interior points per axis (n_a the
// grid's interior points; the coarse points evenly spaced in the box, boundary excluded), the
// ranks sharing the coarse points evenly; one MPI_Allgatherv gives every rank all of them, and
// each rank prolongs them to the points it owns (spectral/sine_prolongation.hpp: the coarse
// values' sine series, modes above m_a dropped, zero on the boundary). The net costs
// prod m_a evaluations instead of prod N_a; what is lost is the net's content above mode m_a
// (in a correction cycle, modes the smoother owns).
#include <petscvec.h>

#include <functional>
#include <vector>

#include "fpsolve/problem/grid.hpp"

namespace fpsolve::hybrid {

class CoarseNetOnGrid {
 public:
  // f(x, n, u): the net at n points (x: dim coordinates a point), on this rank only; may throw.
  using Net = std::function<void(const double *x, int n, double *u)>;

  // points: M, the coarse interior points per axis (at most the grid's). Collective.
  static PetscErrorCode Create(const Grid &grid, PetscInt points, CoarseNetOnGrid *out);
  // u <- the prolonged net at every owned point (0 on the boundary). Collective.
  PetscErrorCode Evaluate(const Net &net, Vec u);
  // Coarse interior points on axis a.
  int points(int a) const { return m_[a]; }

 private:
  const Grid *grid_ = nullptr;
  MPI_Comm comm_ = MPI_COMM_NULL;
  int m_[3] = {1, 1, 1}, rows_[3] = {1, 1, 1};
  std::vector<double> p_[3];          // per-axis prolongation matrices (owned rows x m)
  std::vector<double> share_points_;  // this rank's coarse points (dim coordinates each)
  std::vector<double> share_values_, coarse_, work_;
  std::vector<int> counts_, displs_;  // the coarse values' split over the ranks
};

}  // namespace fpsolve::hybrid
