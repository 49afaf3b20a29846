#include "fpsolve/io/run_file.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "fpsolve/base/error.hpp"
#include "fpsolve/io/h5_frames.hpp"
#include "fpsolve/io/h5_util.hpp"

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
  if (rf->file_ < 0) {
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

PetscErrorCode RunFile::Close() {
  PetscFunctionBeginUser;
  if (file_ >= 0) {
    FpH5Check(H5Fclose(file_), "closing the run file");
    file_ = -1;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Abandon(RunFile **rf) {
  PetscFunctionBeginUser;
  if (!*rf) PetscFunctionReturn(0);
  if ((*rf)->file_ >= 0) H5Fclose((*rf)->file_);  // best effort: we are already failing
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
  PetscCheck(file_ >= 0, comm_, kErrBadInput, "-output %s: cannot reopen %s.partial", path_.c_str(),
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
  if (rf->rank_ == 0) {
    std::ofstream os(path + ".partial", std::ios::binary | std::ios::trunc);
    os.write(reinterpret_cast<const char *>(bytes.data()), (std::streamsize)bytes.size());
    os.close();
    failed = !os;
  }
  PetscCallMPI(MPI_Bcast(&failed, 1, MPI_INT, 0, comm));
  if (failed) delete rf;
  PetscCheck(!failed, comm, kErrBadInput,
             "-output %s: cannot write %s.partial (missing directory or no write permission)",
             path.c_str(), path.c_str());
  PetscErrorCode ierr = rf->Open();
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
  PetscCall(H5WriteAttribute(file_, object, name, value));
  PetscFunctionReturn(0);
}
PetscErrorCode RunFile::SetAttribute(const std::string &object, const std::string &name,
                                     double value) {
  PetscFunctionBeginUser;
  PetscCall(H5WriteAttribute(file_, object, name, H5T_NATIVE_DOUBLE, &value));
  PetscFunctionReturn(0);
}
PetscErrorCode RunFile::SetAttribute(const std::string &object, const std::string &name,
                                     long long value) {
  PetscFunctionBeginUser;
  PetscCall(H5WriteAttribute(file_, object, name, H5T_NATIVE_LLONG, &value));
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::WriteVec(const std::string &path, DM da, Vec v) {
  FieldBox box;
  PetscInt n;
  const PetscScalar *a;
  PetscFunctionBeginUser;
  PetscCall(FieldBoxFromDM(da, &box));
  PetscCall(VecGetLocalSize(v, &n));
  PetscCheck((hsize_t)n == box.box_size(), comm_, PETSC_ERR_ARG_INCOMP,
             "%s: the vector does not belong to this grid", path.c_str());
  PetscCall(VecGetArrayRead(v, &a));
  const PetscErrorCode ierr = H5WriteBox(file_, path, box, a);
  PetscCall(VecRestoreArrayRead(v, &a));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::WriteArray(const std::string &path, const std::vector<double> &data,
                                   hsize_t cols) {
  PetscFunctionBeginUser;
  const hsize_t rows = data.size() / cols;
  PetscCall(H5WriteRows(file_, path, H5T_NATIVE_DOUBLE, rows, cols, 0, rank_ == 0 ? rows : 0,
                        data.data()));
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::WriteArray(const std::string &path, const std::vector<long long> &data,
                                   hsize_t cols) {
  PetscFunctionBeginUser;
  const hsize_t rows = data.size() / cols;
  PetscCall(H5WriteRows(file_, path, H5T_NATIVE_LLONG, rows, cols, 0, rank_ == 0 ? rows : 0,
                        data.data()));
  PetscFunctionReturn(0);
}

PetscErrorCode RunFile::Append(const std::string &path, const double *row, hsize_t cols,
                               SeriesType type) {
  PetscFunctionBeginUser;
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
  for (auto &[path, s] : series_) PetscCall(FlushSeries(path, s));
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
