// XDMF sidecar of a 2D/3D run file (see include/fpsolve/io/xdmf.hpp).
#include "fpsolve/io/xdmf.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace fpsolve::io {

namespace {

std::string Basename(const std::string &path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "nz ny nx" (slowest first, as XDMF and HDF5 count).
std::string Shape(int dim, const long long n[3]) {
  std::ostringstream s;
  for (int a = dim - 1; a >= 0; --a) s << n[a] << (a ? " " : "");
  return s.str();
}

std::string Name(const std::string &dataset) {
  // /solution/u -> u, /problem/exact -> exact, /solution/error -> error
  const auto slash = dataset.find_last_of('/');
  return slash == std::string::npos ? dataset : dataset.substr(slash + 1);
}

// Values per axis, slowest first (XDMF's order for CoRectMesh origins and spacings).
std::string Reversed(int dim, const double v[3]) {
  std::ostringstream s;
  s.precision(17);
  for (int a = dim - 1; a >= 0; --a) s << v[a] << (a ? " " : "");
  return s.str();
}

}  // namespace

std::string XdmfText(const std::string &h5, int dim, const long long n[3], const double lo[3],
                     const double h[3], const std::vector<std::string> &fields) {
  const std::string shape = Shape(dim, n);
  std::ostringstream x;
  x << "<?xml version=\"1.0\" ?>\n"
    << "<Xdmf Version=\"3.0\">\n  <Domain>\n    <Grid Name=\"fpsolve\" GridType=\"Uniform\">\n"
    << "      <Topology TopologyType=\"" << dim << "DCoRectMesh\" Dimensions=\"" << shape
    << "\"/>\n"
    << "      <Geometry GeometryType=\"" << (dim == 3 ? "ORIGIN_DXDYDZ" : "ORIGIN_DXDY") << "\">\n"
    << "        <DataItem Dimensions=\"" << dim << "\" NumberType=\"Float\" Precision=\"8\" "
    << "Format=\"XML\">" << Reversed(dim, lo) << "</DataItem>\n"
    << "        <DataItem Dimensions=\"" << dim << "\" NumberType=\"Float\" Precision=\"8\" "
    << "Format=\"XML\">" << Reversed(dim, h) << "</DataItem>\n"
    << "      </Geometry>\n";
  for (const std::string &f : fields)
    x << "      <Attribute Name=\"" << Name(f) << "\" AttributeType=\"Scalar\" Center=\"Node\">\n"
      << "        <DataItem Dimensions=\"" << shape
      << "\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">" << h5 << ":" << f
      << "</DataItem>\n      </Attribute>\n";
  x << "    </Grid>\n  </Domain>\n</Xdmf>\n";
  return x.str();
}

std::string XdmfPath(const std::string &h5_path) {
  const std::string ext = ".h5";
  if (h5_path.size() > ext.size() &&
      h5_path.compare(h5_path.size() - ext.size(), ext.size(), ext) == 0)
    return h5_path.substr(0, h5_path.size() - ext.size()) + ".xdmf";
  return h5_path + ".xdmf";
}

bool WriteXdmf(const std::string &h5_path, int dim, const long long n[3], const double lo[3],
               const double h[3], const std::vector<std::string> &fields) {
  const std::string path = XdmfPath(h5_path), tmp = path + ".partial";
  {
    std::ofstream out(tmp);
    out << XdmfText(Basename(h5_path), dim, n, lo, h, fields);
    if (!out.good()) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace fpsolve::io
