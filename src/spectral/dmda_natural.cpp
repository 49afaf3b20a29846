// Natural -> PETSc global ordering of a DMDA without its AO (see dmda_natural.hpp).
#include "dmda_natural.hpp"

#include <algorithm>

namespace fpsolve::spectral {

PetscErrorCode DmdaNaturalOrder::Create(DM da, DmdaNaturalOrder *out) {
  PetscInt dim, procs[3] = {1, 1, 1};
  const PetscInt *ranges[3] = {nullptr, nullptr, nullptr};
  PetscFunctionBegin;
  PetscCall(DMDAGetInfo(da, &dim, nullptr, nullptr, nullptr, &procs[0], &procs[1], &procs[2],
                        nullptr, nullptr, nullptr, nullptr, nullptr, nullptr));
  PetscCall(DMDAGetOwnershipRanges(da, &ranges[0], &ranges[1], &ranges[2]));
  out->dim_ = static_cast<int>(dim);
  for (int a = 0; a < 3; ++a) {
    out->start_[a].assign(1, 0);
    for (PetscInt p = 0; p < procs[a]; ++p)
      out->start_[a].push_back(out->start_[a].back() + (a < dim ? ranges[a][p] : 1));
  }
  // Ranks are numbered x-fastest over the process grid; each owns a box stored x-fastest.
  const PetscInt nranks = procs[0] * procs[1] * procs[2];
  out->rank_first_.assign(nranks + 1, 0);
  for (PetscInt r = 0; r < nranks; ++r) {
    const PetscInt px = r % procs[0], py = (r / procs[0]) % procs[1],
                   pz = r / (procs[0] * procs[1]);
    const PetscInt box = (out->start_[0][px + 1] - out->start_[0][px]) *
                         (out->start_[1][py + 1] - out->start_[1][py]) *
                         (out->start_[2][pz + 1] - out->start_[2][pz]);
    out->rank_first_[r + 1] = out->rank_first_[r] + box;
  }
  PetscFunctionReturn(0);
}

PetscInt DmdaNaturalOrder::PetscIndex(const PetscInt i[3]) const {
  PetscInt p[3], lo[3], width[3], idx[3];
  for (int a = 0; a < 3; ++a) {
    const std::vector<PetscInt> &s = start_[a];
    idx[a] = a < dim_ ? i[a] : 0;
    p[a] = static_cast<PetscInt>(std::upper_bound(s.begin(), s.end(), idx[a]) - s.begin()) - 1;
    lo[a] = s[p[a]];
    width[a] = s[p[a] + 1] - s[p[a]];
  }
  const PetscInt procs_x = static_cast<PetscInt>(start_[0].size()) - 1;
  const PetscInt procs_y = static_cast<PetscInt>(start_[1].size()) - 1;
  const PetscInt rank = p[0] + procs_x * (p[1] + procs_y * p[2]);
  const PetscInt local =
      ((idx[2] - lo[2]) * width[1] + (idx[1] - lo[1])) * width[0] + (idx[0] - lo[0]);
  return rank_first_[rank] + local;
}

}  // namespace fpsolve::spectral
