#pragma once
// XDMF sidecars of a 2D/3D run file, so ParaView and VisIt open the fields on the grid.
// RUN.xdmf: a uniform (co-rectilinear) mesh given by origin and spacing, and one node-centred
// attribute per field dataset (natural order, [nz][ny][nx]).
// RUN_snapshots.xdmf: the field snapshots (/snapshots/{train,solve}/u, /sweep/NNN/snapshots/
// solve/u) as temporal collections, one per stage: a grid per snapshot, its time the snapshot's
// run-clock second, attributes u (a HyperSlab row of the [snapshots][nz][ny][nx] stack) and
// error (u - /problem/exact, an XDMF Function), so the readers step through them. A file of its
// own because ParaView's Xdmf3 readers do not read HyperSlab/Function items (its "XDMF Reader"
// and VisIt do): RUN.xdmf stays readable by every XDMF reader.
// Both sit next to the run file and reference it by its base name (move them together).
#include <string>
#include <vector>

namespace fpsolve::io {

struct XdmfMesh {
  int dim = 2;
  long long n[3] = {1, 1, 1};  // points per axis (x, y[, z])
  double lo[3] = {0, 0, 0};    // first coordinate per axis
  double h[3] = {1, 1, 1};     // spacing per axis
};

// One stage's snapshots: the stack at `dataset` ([snapshots][grid]), each row's step or
// iteration and time.
struct XdmfSeries {
  std::string name;     // e.g. "train", "solve", "sweep 000 solve"
  std::string dataset;  // e.g. /snapshots/train/u
  std::string what;     // "step" or "iteration"
  std::vector<long long> index;
  std::vector<double> time;
};

// The sidecar's text (pure: no file access): the static fields (dataset paths).
std::string XdmfText(const std::string &h5_basename, const XdmfMesh &mesh,
                     const std::vector<std::string> &fields);
// The snapshots sidecar's text (pure): one temporal collection per series; exact: the exact
// solution's dataset ("" if none: the snapshots get no error attribute).
std::string XdmfSnapshotsText(const std::string &h5_basename, const XdmfMesh &mesh,
                              const std::vector<XdmfSeries> &series, const std::string &exact);
// RUN.h5 -> RUN<suffix>.xdmf (any other extension: path + suffix + ".xdmf").
std::string XdmfPath(const std::string &h5_path, const std::string &suffix = "");
// Fills index and time of each series (name, what and dataset GROUP/u given) from GROUP/index
// and GROUP/time of a closed run file, and drops the series whose stack is not in the file.
// Serial (one rank). Returns false if the file or a present series cannot be read.
bool ReadXdmfSeries(const std::string &h5_path, std::vector<XdmfSeries> *series);
// Writes RUN.xdmf and, with series, RUN_snapshots.xdmf (else removes a stale one), each
// atomically (temp name + rename). Returns false on failure.
bool WriteXdmf(const std::string &h5_path, const XdmfMesh &mesh,
               const std::vector<std::string> &fields, const std::vector<XdmfSeries> &series,
               const std::string &exact);

}  // namespace fpsolve::io
