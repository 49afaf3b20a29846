#include "fpsolve/io/run_file.hpp"

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "fpsolve/base/error.hpp"
#include "fpsolve/io/h5_frames.hpp"
#include "fpsolve/io/h5_util.hpp"
#include "fpsolve/io/io_status.hpp"

namespace fpsolve::io {

std::string EncodeSeriesPositions(const std::vector<SeriesPosition> &series) {
  std::ostringstream os;
  for (const auto &s : series)
    os << s.path << '\t' << s.cols << '\t' << s.rows << '\t'
       << (s.type == SeriesType::Int64 ? "i" : "f") << '\n';
  return os.str();
}

bool DecodeSeriesPositions(const std::string &text, std::vector<SeriesPosition> *series) {
  std::istringstream is(text);
  std::string line;
  series->clear();
  while (std::getline(is, line)) {
    std::istringstream ls(line);
    SeriesPosition p;
    std::string type;
    if (!std::getline(ls, p.path, '\t') || !(ls >> p.cols >> p.rows >> type)) return false;
    if (p.path.empty() || p.path[0] != '/' || p.cols < 1 || (type != "i" && type != "f"))
      return false;
    p.type = type == "i" ? SeriesType::Int64 : SeriesType::Float64;
    series->push_back(p);
  }
  return true;
}

PetscErrorCode RunFile::Create(MPI_Comm comm, const std::string &path, RunFile **out) {
  PetscFunctionBeginUser;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // we report HDF5 failures ourselves, in one line
  auto *rf = new RunFile(comm, path);
  PetscCallMPI(MPI_Comm_rank(comm, &rf->rank_));
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
  rf->file_ = H5Fcreate((path + ".partial").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  int failed = rf->file_ < 0;  // agreed: a rank without the file must not leave the others in it
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, comm));
  if (failed) {
    if (rf->file_ >= 0) H5Fclose(rf->file_);
    delete rf;
    SETERRQ(comm, kErrBadInput,
            "-output %s: cannot create %s.partial (missing directory or no write permission)",
            path.c_str(), path.c_str());
  }
  const PetscErrorCode ierr =
      H5WriteAttribute(rf->file_, "/", "layout_version", H5T_NATIVE_LLONG, &kLayoutVersion);
  if (ierr) PetscCall(Abandon(&rf));
  PetscCall(ierr);
  *out = rf;
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Agreed(PetscErrorCode local, const std::string &what) {
  const PetscErrorCode ierr = IoAgree(comm_, local, path_ + ".partial", what);
  if (ierr) io_failed_ = true;
  return ierr;
}

PetscErrorCode RunFile::Close() {
  PetscFunctionBeginUser;
  if (file_ >= 0) {
    const herr_t status = H5Fclose(file_);  // collective: flushes the metadata
    if (status < 0) IoNoteErrno(errno);
    file_ = -1;
    PetscCall(Agreed(status < 0 ? PETSC_ERR_FILE_WRITE : 0, "closing"));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Abandon(RunFile **rf) {
  PetscFunctionBeginUser;
  if (!*rf) PetscFunctionReturn(0);
  // Best effort: we are already failing. After a failed write HDF5's collective close may
  // itself deadlock (ranks disagree inside it): then the file is dropped, not closed.
  if ((*rf)->file_ >= 0 && !(*rf)->io_failed_) H5Fclose((*rf)->file_);
  MPI_Barrier((*rf)->comm_);
  if ((*rf)->rank_ == 0) std::remove(((*rf)->path_ + ".partial").c_str());
  delete *rf;
  *rf = nullptr;
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Commit(RunFile **rf) {
  PetscFunctionBeginUser;
  RunFile &f = **rf;
  PetscCall(f.Flush());
  PetscCall(f.Close());
  int failed = 0;
  if (f.rank_ == 0) failed = std::rename((f.path_ + ".partial").c_str(), f.path_.c_str()) != 0;
  PetscCallMPI(MPI_Bcast(&failed, 1, MPI_INT, 0, f.comm_));
  PetscCheck(!failed, f.comm_, kErrBadInput, "-output %s: cannot rename %s.partial into place",
             f.path_.c_str(), f.path_.c_str());
  delete *rf;
  *rf = nullptr;
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Suspend(RunFile **rf) {
  PetscFunctionBeginUser;
  if (!*rf) PetscFunctionReturn(0);
  PetscCall((*rf)->Flush());
  PetscCall((*rf)->Close());
  delete *rf;
  *rf = nullptr;
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Open() {
  PetscFunctionBeginUser;
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, comm_, MPI_INFO_NULL);
  file_ = H5Fopen((path_ + ".partial").c_str(), H5F_ACC_RDWR, fapl);
  H5Pclose(fapl);
  int failed = file_ < 0;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, comm_));
  if (failed && file_ >= 0) H5Fclose(file_), file_ = -1;
  PetscCheck(!failed, comm_, kErrBadInput, "-output %s: cannot reopen %s.partial", path_.c_str(),
             path_.c_str());
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Resume(MPI_Comm comm, const std::string &path,
                               const std::vector<unsigned char> &bytes,
                               const std::vector<SeriesPosition> &series, RunFile **out) {
  PetscFunctionBeginUser;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  auto *rf = new RunFile(comm, path);
  PetscCallMPI(MPI_Comm_rank(comm, &rf->rank_));
  int failed = 0;
  PetscErrorCode space = IoEnsureSpace(comm, path + ".partial", (double)bytes.size(),
                                       "restoring the run file of the checkpoint");
  if (space) delete rf;
  PetscCall(space);
  if (rf->rank_ == 0) {
    std::ofstream os(path + ".partial", std::ios::binary | std::ios::trunc);
    os.write(reinterpret_cast<const char *>(bytes.data()), (std::streamsize)bytes.size());
    os.close();
    failed = !os;
    if (failed) IoNoteErrno(errno);
  }
  PetscErrorCode ierr =
      rf->Agreed(failed ? PETSC_ERR_FILE_WRITE : 0, "writing the run file of the checkpoint");
  if (!ierr) ierr = rf->Open();
  if (ierr) delete rf;
  PetscCall(ierr);
  for (const SeriesPosition &p : series) {
    Series &s = rf->series_[p.path];
    s.cols = p.cols, s.type = p.type, s.written = p.rows;
  }
  *out = rf;
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Snapshot(std::vector<unsigned char> *bytes,
                                 std::vector<SeriesPosition> *series) {
  PetscFunctionBeginUser;
  PetscCall(Flush());
  PetscCall(Close());
  bytes->clear();
  int failed = 0;
  if (rank_ == 0) {
    std::ifstream is(path_ + ".partial", std::ios::binary);
    bytes->assign(std::istreambuf_iterator<char>(is), std::istreambuf_iterator<char>());
    failed = !is.good() && !is.eof();
  }
  PetscCallMPI(MPI_Bcast(&failed, 1, MPI_INT, 0, comm_));
  PetscCheck(!failed, comm_, PETSC_ERR_FILE_READ, "checkpoint: cannot read back %s.partial",
             path_.c_str());
  PetscCall(Open());
  series->clear();
  for (const auto &[path, s] : series_) series->push_back({path, s.cols, s.written, s.type});
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::SetAttribute(const std::string &object, const std::string &name,
                                     const std::string &value) {
  PetscFunctionBeginUser;
  PetscCall(Agreed(H5WriteAttribute(file_, object, name, value), "attribute " + name));
  PetscFunctionReturn(0);
}
PetscErrorCode RunFile::SetAttribute(const std::string &object, const std::string &name,
                                     double value) {
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Bcast(&value, 1, MPI_DOUBLE, 0, comm_));  // rank 0's clock (header)
  PetscCall(Agreed(H5WriteAttribute(file_, object, name, H5T_NATIVE_DOUBLE, &value),
                   "attribute " + name));
  PetscFunctionReturn(0);
}
PetscErrorCode RunFile::SetAttribute(const std::string &object, const std::string &name,
                                     long long value) {
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Bcast(&value, 1, MPI_LONG_LONG, 0, comm_));
  PetscCall(
      Agreed(H5WriteAttribute(file_, object, name, H5T_NATIVE_LLONG, &value), "attribute " + name));
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::WriteField(const std::string &path, DM da, Vec v, bool append) {
  FieldBox box;
  PetscInt n;
  const PetscScalar *a;
  PetscFunctionBeginUser;
  PetscCall(FieldBoxFromDM(da, &box));
  PetscCall(VecGetLocalSize(v, &n));
  PetscCheck((hsize_t)n == box.box_size(), comm_, PETSC_ERR_ARG_INCOMP,
             "%s: the vector does not belong to this grid", path.c_str());
  PetscInt size;
  PetscCall(VecGetSize(v, &size));
  PetscCall(IoEnsureSpace(comm_, path_ + ".partial", 8.0 * size, "writing " + path));
  PetscCall(VecGetArrayRead(v, &a));
  const PetscErrorCode ierr =
      append ? H5AppendBox(file_, path, box, a) : H5WriteBox(file_, path, box, a);
  PetscCall(VecRestoreArrayRead(v, &a));
  PetscCall(Agreed(ierr, "writing " + path));
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::WriteVec(const std::string &path, DM da, Vec v) {
  return WriteField(path, da, v, false);
}

PetscErrorCode RunFile::AppendField(const std::string &path, DM da, Vec v) {
  return WriteField(path, da, v, true);
}

PetscErrorCode RunFile::FrameCount(const std::string &path, hsize_t *frames) {
  PetscFunctionBeginUser;
  PetscCall(Agreed(H5FrameCount(file_, path, frames), "reading " + path));
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::WriteArray(const std::string &path, const std::vector<double> &data,
                                   hsize_t cols) {
  PetscFunctionBeginUser;
  const hsize_t rows = data.size() / cols;
  PetscCall(Agreed(H5WriteRows(file_, path, H5T_NATIVE_DOUBLE, rows, cols, 0, rank_ == 0 ? rows : 0,
                               data.data()),
                   "writing " + path));
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::WriteArray(const std::string &path, const std::vector<long long> &data,
                                   hsize_t cols) {
  PetscFunctionBeginUser;
  const hsize_t rows = data.size() / cols;
  PetscCall(Agreed(
      H5WriteRows(file_, path, H5T_NATIVE_LLONG, rows, cols, 0, rank_ == 0 ? rows : 0, data.data()),
      "writing " + path));
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Append(const std::string &path, const double *row, hsize_t cols,
                               SeriesType type) {
  PetscFunctionBeginUser;
  PetscCheck(cols > 0, comm_, PETSC_ERR_ARG_SIZ, "series %s: a row of no columns", path.c_str());
  auto [it, fresh] = series_.try_emplace(path);
  Series &s = it->second;
  if (fresh) s.cols = cols, s.type = type;
  PetscCheck(s.cols == cols, comm_, PETSC_ERR_ARG_SIZ, "series %s: %zu columns, got %zu",
             path.c_str(), (size_t)s.cols, (size_t)cols);
  s.pending.insert(s.pending.end(), row, row + cols);
  pending_values_ += cols;
  if (pending_values_ > (1u << 18)) PetscCall(Flush());  // same on every rank: rows are global
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Flush() {
  PetscFunctionBeginUser;
  // Rows, plus a new chunk for each series at most (8192 rows of 8 bytes).
  PetscCall(IoEnsureSpace(comm_, path_ + ".partial",
                          8.0 * pending_values_ + 65536.0 * series_.size(), "appending records"));
  for (auto &[path, s] : series_) PetscCall(Agreed(FlushSeries(path, s), "appending to " + path));
  pending_values_ = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::FlushSeries(const std::string &path, Series &s) {
  PetscFunctionBeginUser;
  const hsize_t rows = s.pending.size() / s.cols;
  if (rows == 0 && s.written > 0) PetscFunctionReturn(0);
  if (s.type == SeriesType::Int64) {
    std::vector<long long> ints(s.pending.begin(), s.pending.end());
    PetscCall(H5AppendRows(file_, path, H5T_NATIVE_LLONG, s.cols, s.written, rows, rank_ == 0,
                           ints.data()));
  } else {
    PetscCall(H5AppendRows(file_, path, H5T_NATIVE_DOUBLE, s.cols, s.written, rows, rank_ == 0,
                           s.pending.data()));
  }
  s.written += rows;
  s.pending.clear();
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::AppendFrame(const std::string &path, hsize_t ny, hsize_t nx,
                                    const double *frame) {
  return H5AppendFrame(file_, path, ny, nx, rank_ == 0, frame);
}

}  // namespace fpsolve::io
