// Reading checkpoints: plain (serial) HDF5 on every rank, each rank reading its own slice of
// the distributed vectors; every failure becomes one line, agreed across ranks.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "checkpoint_format.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/io/checkpoint.hpp"

namespace fpsolve::io {
namespace {

using namespace detail;

struct Reader {
  hid_t file = -1;
  std::string why;  // first failure
  ~Reader() {
    if (file >= 0) H5Fclose(file);
  }
  bool fail(const std::string &w) {
    if (why.empty()) why = w;
    return false;
  }
  bool attr_exists(const char *name) { return H5Aexists_by_name(file, "/", name, H5P_DEFAULT) > 0; }
  bool read(const char *name, hid_t type, void *out) {
    if (!why.empty()) return false;
    if (!attr_exists(name)) return fail(std::string("missing attribute ") + name);
    hid_t a = H5Aopen_by_name(file, "/", name, H5P_DEFAULT, H5P_DEFAULT);
    hid_t ft = H5Aget_type(a);
    const bool ok = H5Tget_class(ft) == H5Tget_class(type) && H5Aread(a, type, out) >= 0;
    H5Tclose(ft);
    H5Aclose(a);
    return ok || fail(std::string("attribute ") + name + " has the wrong type");
  }
  bool read(const char *name, long long *v) { return read(name, H5T_NATIVE_LLONG, v); }
  bool read(const char *name, double *v) { return read(name, H5T_NATIVE_DOUBLE, v); }
  bool read(const char *name, std::string *v) {
    if (!why.empty()) return false;
    if (!attr_exists(name)) return fail(std::string("missing attribute ") + name);
    hid_t a = H5Aopen_by_name(file, "/", name, H5P_DEFAULT, H5P_DEFAULT);
    hid_t ft = H5Aget_type(a);
    bool ok = H5Tget_class(ft) == H5T_STRING && !H5Tis_variable_str(ft);
    if (ok) {
      std::string s(H5Tget_size(ft), '\0');
      ok = H5Aread(a, ft, s.data()) >= 0;
      *v = s.c_str();
    }
    H5Tclose(ft);
    H5Aclose(a);
    return ok || fail(std::string("attribute ") + name + " has the wrong type");
  }
  // A 1D dataset of `size` elements of the given class/size; reads [lo, lo+count) into out.
  bool dataset(const char *path, H5T_class_t cls, std::size_t elem, long long size, long long lo,
               long long count, hid_t memtype, void *out) {
    if (!why.empty()) return false;
    if (H5Lexists(file, path, H5P_DEFAULT) <= 0) {
      // H5Lexists needs the parents to exist; a missing parent is a missing dataset too.
      return fail(std::string("missing dataset ") + path);
    }
    hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
    if (d < 0) return fail(std::string("cannot open dataset ") + path);
    hid_t t = H5Dget_type(d), s = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    const int nd = H5Sget_simple_extent_ndims(s);
    if (nd == 1) H5Sget_simple_extent_dims(s, dims, nullptr);
    bool ok = H5Tget_class(t) == cls && H5Tget_size(t) == elem;
    if (!ok) fail(std::string("dataset ") + path + " has the wrong type or precision");
    if (ok && (nd != 1 || (long long)dims[0] != size)) {
      ok = false;
      fail(std::string("dataset ") + path + " has shape " +
           (nd == 1 ? std::to_string(dims[0]) : "?") + ", expected " + std::to_string(size));
    }
    if (ok && count > 0) {
      hsize_t start = (hsize_t)lo, cnt = (hsize_t)count;
      hid_t m = H5Screate_simple(1, &cnt, nullptr);
      H5Sselect_hyperslab(s, H5S_SELECT_SET, &start, nullptr, &cnt, nullptr);
      ok = H5Dread(d, memtype, m, s, H5P_DEFAULT, out) >= 0;
      H5Sclose(m);
      if (!ok) fail(std::string("cannot read dataset ") + path + " (truncated or corrupt file)");
    }
    H5Sclose(s);
    H5Tclose(t);
    H5Dclose(d);
    return ok;
  }
};

bool ReadBytes(Reader &r, const char *path, const char *size_attr, const char *hash_attr,
               std::vector<unsigned char> *out) {
  long long size = 0, hash = 0;
  if (!r.read(size_attr, &size) || !r.read(hash_attr, &hash)) return false;
  if (size < 0) return r.fail(std::string("attribute ") + size_attr + " is negative");
  out->assign((std::size_t)size, 0);
  if (size > 0 && !r.dataset(path, H5T_INTEGER, 1, size, 0, size, H5T_NATIVE_UCHAR, out->data()))
    return false;
  if ((long long)Fnv1a(out->data(), out->size()) != hash)
    return r.fail(std::string("checksum mismatch in ") + path + " (corrupt file)");
  return true;
}

// Everything but the distributed vectors' values; rows [lo, lo+count) of /solve/u and
// /hybrid/best go to iterate/best when given (with their hashes over the read slice).
std::string Load(const std::string &path, CheckpointState *st, long long n, long long lo,
                 long long count, double *iterate, double *best, bool *has_iterate, bool *has_best,
                 std::uint64_t *iterate_hash, std::uint64_t *best_hash, long long *iterate_expect,
                 long long *best_expect) {
  if (access(path.c_str(), R_OK) != 0) return "cannot read the file";
  const htri_t is = H5Fis_hdf5(path.c_str());
  if (is <= 0) return "not an HDF5 file (or truncated)";
  Reader r;
  r.file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (r.file < 0) return "cannot open it as HDF5 (truncated or corrupt)";
  std::string format;
  long long version = 0, complete = 0;
  if (!r.read("format", &format)) return "not an fpsolve checkpoint (" + r.why + ")";
  if (format != kFormat) return "not an fpsolve checkpoint (format '" + format + "')";
  if (!r.read("format_version", &version) || version != kFormatVersion)
    return r.why.empty() ? "unsupported format_version " + std::to_string(version) : r.why;
  if (!r.read("complete", &complete) || complete != 1)
    return r.why.empty() ? "incomplete checkpoint" : r.why;
  r.read("sequence", &st->sequence);
  r.read("mode", &st->mode);
  r.read("stage", &st->stage);
  r.read("step", &st->step);
  r.read("records", &st->records);
  r.read("iteration", &st->iteration);
  r.read("solve_residual0", &st->solve_residual0);
  r.read("train_seconds", &st->train_seconds);
  r.read("clock", &st->clock);
  r.read("switch_step", &st->switch_step);
  r.read("switch_time", &st->switch_time);
  r.read("auto_seconds_per_iteration", &st->auto_seconds_per_iteration);
  r.read("auto_best_total", &st->auto_best_total);
  r.read("auto_best_step", &st->auto_best_step);
  r.read("auto_stale", &st->auto_stale);
  r.read("grid_points", &st->grid_points);
  r.read("ranks", &st->ranks);
  r.read("problem", &st->problem);
  r.read("precision", &st->precision);
  if (H5Aexists(r.file, "settings") > 0) r.read("settings", &st->settings);  // optional (older)
  std::string series;
  r.read("series", &series);
  if (!r.why.empty()) return r.why;
  if (st->stage != "train" && st->stage != "solve") return "unknown stage '" + st->stage + "'";
  if (st->step < 0 || st->records < 0 || st->iteration < 0 || st->grid_points < 3)
    return "negative or impossible positions";
  if (!DecodeSeries(series, &st->series)) return "malformed attribute series";
  if (!ReadBytes(r, "/trainer/state", "trainer_bytes", "trainer_hash", &st->trainer) ||
      !ReadBytes(r, "/runfile/bytes", "runfile_bytes", "runfile_hash", &st->run_file))
    return r.why;
  long long has_u = 0, has_b = 0;
  r.read("has_iterate", &has_u);
  r.read("has_best", &has_b);
  r.read("iterate_hash", iterate_expect);
  r.read("best_hash", best_expect);
  if (!r.why.empty()) return r.why;
  *has_iterate = has_u == 1, *has_best = has_b == 1;
  if (*has_iterate && n >= 0 && iterate) {
    if (!r.dataset("/solve/u", H5T_FLOAT, 8, n, lo, count, H5T_NATIVE_DOUBLE, iterate))
      return r.why + " (another grid size?)";
    *iterate_hash = SliceHash(lo, iterate, count);
  }
  if (*has_best && n >= 0 && best) {
    if (!r.dataset("/hybrid/best", H5T_FLOAT, 8, n, lo, count, H5T_NATIVE_DOUBLE, best))
      return r.why + " (another grid size?)";
    *best_hash = SliceHash(lo, best, count);
  }
  return "";
}

PetscErrorCode Agree(MPI_Comm comm, const std::string &path, const std::string &why) {
  int rank, bad = !why.empty(), any;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Allreduce(&bad, &any, 1, MPI_INT, MPI_MAX, comm));
  if (!any) PetscFunctionReturn(0);
  // Every rank reads the same file, so rank 0's reason stands for all.
  char msg[512] = "";
  if (rank == 0)
    std::snprintf(msg, sizeof msg, "%s", why.empty() ? "read failed on another rank" : why.c_str());
  PetscCallMPI(MPI_Bcast(msg, sizeof msg, MPI_CHAR, 0, comm));
  SETERRQ(comm, kErrBadInput, "-restart %s: %s", path.c_str(), msg);
}

}  // namespace

PetscErrorCode CheckpointRead(MPI_Comm comm, const std::string &path, CheckpointState *st,
                              Vec iterate, Vec best, bool *has_iterate, bool *has_best) {
  PetscInt n = -1, lo = 0, hi = 0;
  PetscScalar *u = nullptr, *b = nullptr;
  std::uint64_t hu = 0, hb = 0;
  long long eu = 0, eb = 0;
  PetscFunctionBeginUser;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (iterate) {
    PetscCall(VecGetSize(iterate, &n));
    PetscCall(VecGetOwnershipRange(iterate, &lo, &hi));
    PetscCall(VecGetArray(iterate, &u));
    if (best) PetscCall(VecGetArray(best, &b));
  }
  const std::string why =
      Load(path, st, n, lo, hi - lo, u, b, has_iterate, has_best, &hu, &hb, &eu, &eb);
  if (iterate) {
    PetscCall(VecRestoreArray(iterate, &u));
    if (best) PetscCall(VecRestoreArray(best, &b));
  }
  PetscCall(Agree(comm, path, why));
  std::uint64_t sums[2] = {hu, hb};
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, sums, 2, MPI_UINT64_T, MPI_SUM, comm));
  PetscCheck(!iterate || ((!*has_iterate || (long long)sums[0] == eu) &&
                          (!*has_best || !best || (long long)sums[1] == eb)),
             comm, kErrBadInput, "-restart %s: checksum mismatch in the KSP iterate (corrupt file)",
             path.c_str());
  PetscFunctionReturn(0);
}

PetscErrorCode CheckpointFindNewest(MPI_Comm comm, const std::string &dir, const std::string &base,
                                    std::string *path) {
  int rank;
  char chosen[PETSC_MAX_PATH_LEN] = "";
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (rank == 0) {
    std::vector<std::pair<long long, std::string>> found;
    if (DIR *d = opendir(dir.c_str())) {
      while (dirent *e = readdir(d)) {
        const long long seq = CheckpointSequence(base, e->d_name);
        if (seq >= 0) found.emplace_back(seq, dir + "/" + e->d_name);
      }
      closedir(d);
    }
    std::sort(found.rbegin(), found.rend());
    for (const auto &[seq, p] : found) {
      CheckpointState st;
      bool hu, hb;
      std::uint64_t x, y;
      long long ex, ey;
      std::string why = Load(p, &st, -1, 0, 0, nullptr, nullptr, &hu, &hb, &x, &y, &ex, &ey);
      if (why.empty() && (hu || hb)) {
        // The vectors too, whole (rank 0 alone): a damaged iterate must not be chosen either.
        const long long n = st.grid_points;
        std::vector<double> u(hu ? n : 0), b(hb ? n : 0);
        why = Load(p, &st, n, 0, n, hu ? u.data() : nullptr, hb ? b.data() : nullptr, &hu, &hb, &x,
                   &y, &ex, &ey);
        if (why.empty() && ((hu && (long long)x != ex) || (hb && (long long)y != ey)))
          why = "checksum mismatch in the KSP iterate (corrupt file)";
      }
      if (why.empty()) {
        std::snprintf(chosen, sizeof chosen, "%s", p.c_str());
        break;
      }
      std::fprintf(stderr, "fpsolve: skipping checkpoint %s: %s\n", p.c_str(), why.c_str());
    }
  }
  PetscCallMPI(MPI_Bcast(chosen, sizeof chosen, MPI_CHAR, 0, comm));
  *path = chosen;
  PetscFunctionReturn(0);
}

}  // namespace fpsolve::io
