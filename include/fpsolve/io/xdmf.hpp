#pragma once
// An XDMF (v3) sidecar for a 2D/3D run file, so ParaView and VisIt open the fields on the
// grid: a uniform (co-rectilinear) mesh given by origin and spacing, and one node-centred
// attribute per field dataset (natural order, [nz][ny][nx]). The sidecar sits next to the run file
// (RUN.h5 -> RUN.xdmf) and references it by its base name, so the pair can be moved together.
#include <string>
#include <vector>

namespace fpsolve::io {

// The XDMF text (pure: no file access). n, lo, h: points, first coordinate and spacing per
// axis (x, y[, z]); fields: dataset paths.
std::string XdmfText(const std::string &h5_basename, int dim, const long long n[3],
                     const double lo[3], const double h[3], const std::vector<std::string> &fields);
// RUN.h5 -> RUN.xdmf (any other extension: path + ".xdmf").
std::string XdmfPath(const std::string &h5_path);
// Writes the sidecar for h5_path atomically (temp name + rename). Returns false on failure.
bool WriteXdmf(const std::string &h5_path, int dim, const long long n[3], const double lo[3],
               const double h[3], const std::vector<std::string> &fields);

}  // namespace fpsolve::io
