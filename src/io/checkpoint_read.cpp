// Reading checkpoints: plain (serial) HDF5 on every rank, each rank reading its own box of the
// fields; every failure becomes one line, agreed across ranks.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "fpsolve/base/error.hpp"
#include "fpsolve/base/fnv1a.hpp"
#include "fpsolve/io/checkpoint.hpp"
#include "fpsolve/io/field_box.hpp"

namespace fpsolve::io {
namespace {

// One field to read: this rank's box of /fields/<name> into values.
struct FieldRead {
  std::string name;
  FieldBox box;
  double *values = nullptr;
  std::vector<double> storage;  // when the reader owns the buffer (whole-field validation)
  bool present = false;
  std::uint64_t expected = 0, got = 0;  // the file's hash of the whole field; ours of the box
};

std::string ShapeText(int ndims, const hsize_t *shape) {
  std::string s;
  for (int d = 0; d < ndims; ++d) s += (d ? "x" : "") + std::to_string(shape[d]);
  return s;
}

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
  bool exists(const std::string &path) {
    // H5Lexists needs the parents to exist: walk them.
    for (std::size_t pos = path.find('/', 1);; pos = path.find('/', pos + 1)) {
      if (H5Lexists(file, path.substr(0, pos).c_str(), H5P_DEFAULT) <= 0) return false;
      if (pos == std::string::npos) return true;
    }
  }
  // Scalar attribute of class cls read as memtype; strings: fixed-length only.
  bool attribute(hid_t obj, const char *name, H5T_class_t cls, hid_t memtype, void *out,
                 std::string *text) {
    if (!why.empty()) return false;
    if (H5Aexists(obj, name) <= 0) return fail(std::string("missing attribute ") + name);
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t ft = H5Aget_type(a);
    bool ok = H5Tget_class(ft) == cls;
    if (ok && cls == H5T_STRING) {
      ok = !H5Tis_variable_str(ft);
      std::string s(ok ? H5Tget_size(ft) : 0, '\0');
      ok = ok && H5Aread(a, ft, s.data()) >= 0;
      *text = s.c_str();
    } else if (ok) {
      ok = H5Aread(a, memtype, out) >= 0;
    }
    H5Tclose(ft);
    H5Aclose(a);
    return ok || fail(std::string("attribute ") + name + " has the wrong type");
  }
  bool integer(hid_t obj, const char *name, long long *v) {
    return attribute(obj, name, H5T_INTEGER, H5T_NATIVE_LLONG, v, nullptr);
  }
  bool hash(hid_t obj, const char *name, std::uint64_t *v) {
    return attribute(obj, name, H5T_INTEGER, H5T_NATIVE_UINT64, v, nullptr);
  }
  bool string(hid_t obj, const char *name, std::string *v) {
    return attribute(obj, name, H5T_STRING, 0, nullptr, v);
  }
  // Names of the links in group (none if it does not exist).
  std::vector<std::string> members(const char *group) {
    std::vector<std::string> out;
    if (!exists(group)) return out;
    hid_t g = H5Gopen2(file, group, H5P_DEFAULT);
    H5G_info_t info;
    if (g >= 0 && H5Gget_info(g, &info) >= 0) {
      for (hsize_t i = 0; i < info.nlinks; ++i) {
        char name[256] = "";
        H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT);
        out.push_back(name);
      }
    }
    if (g >= 0) H5Gclose(g);
    return out;
  }
  // Every attribute of /state into the container, by its HDF5 type class.
  bool state(Checkpoint *ck) {
    if (!why.empty()) return false;
    if (!exists("/state")) return fail("missing group /state");
    hid_t g = H5Gopen2(file, "/state", H5P_DEFAULT);
    H5O_info_t info;
    if (H5Oget_info2(g, &info, H5O_INFO_NUM_ATTRS) < 0) info.num_attrs = 0;
    for (hsize_t i = 0; i < info.num_attrs && why.empty(); ++i) {
      char name[256] = "";
      H5Aget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT);
      hid_t a = H5Aopen(g, name, H5P_DEFAULT);
      hid_t t = H5Aget_type(a);
      const H5T_class_t cls = H5Tget_class(t);
      H5Tclose(t);
      H5Aclose(a);
      if (cls == H5T_INTEGER)
        integer(g, name, &ck->ints[name]);
      else if (cls == H5T_FLOAT)
        attribute(g, name, H5T_FLOAT, H5T_NATIVE_DOUBLE, &ck->reals[name], nullptr);
      else if (cls == H5T_STRING)
        string(g, name, &ck->strings[name]);
      else
        fail(std::string("attribute /state/") + name + " has an unknown type");
    }
    H5Gclose(g);
    return why.empty();
  }
  // Opens the dataset at path, checks its element type and shape (ndims, shape[]).
  hid_t open(const std::string &path, H5T_class_t cls, std::size_t elem, int ndims,
             const hsize_t *shape) {
    if (!why.empty()) return -1;
    if (!exists(path)) return fail("missing dataset " + path), -1;
    hid_t d = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    if (d < 0) return fail("cannot open dataset " + path), -1;
    hid_t t = H5Dget_type(d), s = H5Dget_space(d);
    hsize_t have[3] = {0, 0, 0};
    const int nd = H5Sget_simple_extent_ndims(s);
    if (nd >= 1 && nd <= 3) H5Sget_simple_extent_dims(s, have, nullptr);
    bool ok = H5Tget_class(t) == cls && H5Tget_size(t) == elem;
    if (!ok) fail("dataset " + path + " has the wrong type or precision");
    ok = ok && nd == ndims && std::equal(have, have + ndims, shape);
    if (!ok)
      fail("dataset " + path + " has shape " + (nd >= 1 && nd <= 3 ? ShapeText(nd, have) : "?") +
           ", expected " + ShapeText(ndims, shape));
    H5Sclose(s);
    H5Tclose(t);
    if (!ok) H5Dclose(d);
    return ok ? d : -1;
  }
  // Reads block [start, start+count) of an open dataset (closes it).
  bool block(hid_t d, const std::string &path, int ndims, const hsize_t *start,
             const hsize_t *count, hid_t memtype, void *out) {
    hsize_t n = 1;
    for (int k = 0; k < ndims; ++k) n *= count[k];
    bool ok = true;
    if (n > 0) {
      hid_t s = H5Dget_space(d), m = H5Screate_simple(ndims, count, nullptr);
      H5Sselect_hyperslab(s, H5S_SELECT_SET, start, nullptr, count, nullptr);
      ok = H5Dread(d, memtype, m, s, H5P_DEFAULT, out) >= 0;
      H5Sclose(m);
      H5Sclose(s);
    }
    H5Dclose(d);
    return ok || fail("cannot read dataset " + path + " (truncated or corrupt file)");
  }
  bool blob(const std::string &name, std::vector<unsigned char> *out) {
    const std::string path = "/blobs/" + name;
    if (!exists(path)) return fail("missing dataset " + path);
    hid_t d = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    hid_t s = H5Dget_space(d);
    hsize_t size = 0;
    if (H5Sget_simple_extent_ndims(s) == 1) H5Sget_simple_extent_dims(s, &size, nullptr);
    H5Sclose(s);
    std::uint64_t expected = 0;
    const bool ok = hash(d, "fnv1a", &expected);
    H5Dclose(d);
    if (!ok) return false;
    const hsize_t start = 0;
    out->assign(size, 0);
    d = open(path, H5T_INTEGER, 1, 1, &size);
    if (d < 0 || !block(d, path, 1, &start, &size, H5T_NATIVE_UCHAR, out->data())) return false;
    return Fnv1a(out->data(), out->size()) == expected ||
           fail("checksum mismatch in " + path + " (corrupt file)");
  }
  bool field(FieldRead *f) {
    const std::string path = "/fields/" + f->name;
    f->present = exists(path);
    if (!f->present) return why.empty();
    hid_t d = open(path, H5T_FLOAT, 8, f->box.ndims, f->box.shape);
    if (d < 0) return why += " (another grid?)", false;
    if (!hash(d, "hash", &f->expected)) return H5Dclose(d), false;
    if (!block(d, path, f->box.ndims, f->box.start, f->box.count, H5T_NATIVE_DOUBLE, f->values))
      return false;
    f->got = FieldBoxHash(f->box, f->values);
    return true;
  }
  // Every field in the file, whole (for a serial validation).
  void whole_fields(std::vector<FieldRead> *reads) {
    for (const std::string &name : members("/fields")) {
      FieldRead f;
      f.name = name;
      hid_t d = H5Dopen2(file, ("/fields/" + name).c_str(), H5P_DEFAULT);
      if (d < 0) continue;  // reported by field()
      hid_t s = H5Dget_space(d);
      const int nd = H5Sget_simple_extent_ndims(s);
      f.box.ndims = nd >= 1 && nd <= 3 ? nd : 1;
      if (nd >= 1 && nd <= 3) H5Sget_simple_extent_dims(s, f.box.shape, nullptr);
      std::copy(f.box.shape, f.box.shape + 3, f.box.count);
      H5Sclose(s);
      H5Dclose(d);
      f.storage.resize(f.box.total_size());
      reads->push_back(std::move(f));
    }
    for (FieldRead &f : *reads) f.values = f.storage.data();
  }
};

// Everything but the fields' values goes into ck; the fields in reads are read box by box (with
// whole = true: every field of the file, whole, into reads).
std::string Load(const std::string &path, Checkpoint *ck, std::vector<FieldRead> *reads,
                 bool whole) {
  if (access(path.c_str(), R_OK) != 0) return "cannot read the file";
  if (H5Fis_hdf5(path.c_str()) <= 0) return "not an HDF5 file (or truncated)";
  Reader r;
  r.file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (r.file < 0) return "cannot open it as HDF5 (truncated or corrupt)";
  hid_t root = H5Gopen2(r.file, "/", H5P_DEFAULT);
  std::string format;
  long long version = 0, complete = 0;
  const bool is_checkpoint = r.string(root, "format", &format) && format == kCheckpointFormat;
  if (is_checkpoint) {
    r.integer(root, "format_version", &version);
    if (r.why.empty() && version != kCheckpointFormatVersion)
      r.fail("checkpoint format_version " + std::to_string(version) + ", this fpsolve reads " +
             std::to_string(kCheckpointFormatVersion));
    if (r.integer(root, "complete", &complete) && complete != 1) r.fail("incomplete checkpoint");
  }
  H5Gclose(root);
  if (!is_checkpoint)
    return "not an fpsolve checkpoint (" + (r.why.empty() ? "format '" + format + "'" : r.why) +
           ")";
  if (!r.why.empty()) return r.why;
  if (!r.state(ck)) return r.why;
  for (const std::string &name : r.members("/blobs"))
    if (!r.blob(name, &ck->blobs[name])) return r.why;
  if (whole) r.whole_fields(reads);
  for (FieldRead &f : *reads)
    if (!r.field(&f)) return r.why;
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

PetscErrorCode CheckpointRead(MPI_Comm comm, const std::string &path, Checkpoint *ck) {
  PetscFunctionBeginUser;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  std::vector<FieldRead> reads;
  for (auto &[name, field] : ck->fields) {
    FieldRead f;
    f.name = name;
    PetscCall(FieldBoxFromDM(field.da, &f.box));
    PetscCall(VecGetArray(field.v, &f.values));
    reads.push_back(std::move(f));
  }
  ck->ints.clear(), ck->reals.clear(), ck->strings.clear(), ck->blobs.clear();
  const std::string why = Load(path, ck, &reads, false);
  for (FieldRead &f : reads) PetscCall(VecRestoreArray(ck->fields[f.name].v, &f.values));
  PetscCall(Agree(comm, path, why));
  for (const FieldRead &f : reads) {  // every rank read the same file: the same fields
    if (!f.present) {
      ck->fields.erase(f.name);
      continue;
    }
    std::uint64_t got = f.got;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &got, 1, MPI_UINT64_T, MPI_SUM, comm));
    PetscCheck(got == f.expected, comm, kErrBadInput,
               "-restart %s: checksum mismatch in /fields/%s (corrupt file)", path.c_str(),
               f.name.c_str());
  }
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
      // The fields too, whole (rank 0 alone): a damaged iterate must not be chosen either.
      Checkpoint ck;
      std::vector<FieldRead> reads;
      std::string why = Load(p, &ck, &reads, true);
      for (const FieldRead &f : reads)
        if (why.empty() && f.got != f.expected)
          why = "checksum mismatch in /fields/" + f.name + " (corrupt file)";
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
