// XDMF sidecar of a 2D/3D run file (see include/fpsolve/io/xdmf.hpp).
#include "fpsolve/io/xdmf.hpp"

#include <hdf5.h>

#include <cerrno>
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
std::string Shape(const XdmfMesh &m) {
  std::ostringstream s;
  for (int a = m.dim - 1; a >= 0; --a) s << m.n[a] << (a ? " " : "");
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

// Topology and geometry of the mesh, indented for a grid's children.
std::string MeshXml(const XdmfMesh &m, const std::string &pad) {
  std::ostringstream x;
  x << pad << "<Topology TopologyType=\"" << m.dim << "DCoRectMesh\" Dimensions=\"" << Shape(m)
    << "\"/>\n"
    << pad << "<Geometry GeometryType=\"" << (m.dim == 3 ? "ORIGIN_DXDYDZ" : "ORIGIN_DXDY")
    << "\">\n"
    << pad << "  <DataItem Dimensions=\"" << m.dim << "\" NumberType=\"Float\" Precision=\"8\" "
    << "Format=\"XML\">" << Reversed(m.dim, m.lo) << "</DataItem>\n"
    << pad << "  <DataItem Dimensions=\"" << m.dim << "\" NumberType=\"Float\" Precision=\"8\" "
    << "Format=\"XML\">" << Reversed(m.dim, m.h) << "</DataItem>\n"
    << pad << "</Geometry>\n";
  return x.str();
}

std::string HdfItem(const std::string &dims, const std::string &h5, const std::string &dataset) {
  return "<DataItem Dimensions=\"" + dims +
         "\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">" + h5 + ":" + dataset +
         "</DataItem>";
}

// Row `row` of a [rows][grid] stack as a hyperslab (rows: start, stride, count), declared with
// the grid's shape: ParaView's XDMF reader makes a declared [1][grid] result an attribute as
// long as the whole stack.
std::string RowItem(const XdmfMesh &m, const std::string &h5, const std::string &dataset,
                    std::size_t row, std::size_t rows, const std::string &pad) {
  const std::string shape = Shape(m);
  std::ostringstream x, start, stride;
  start << row;
  stride << 1;
  for (int a = 0; a < m.dim; ++a) start << " 0", stride << " 1";
  x << pad << "<DataItem ItemType=\"HyperSlab\" Dimensions=\"" << shape
    << "\" Type=\"HyperSlab\">\n"
    << pad << "  <DataItem Dimensions=\"3 " << m.dim + 1 << "\" Format=\"XML\">" << start.str()
    << "  " << stride.str() << "  1 " << shape << "</DataItem>\n"
    << pad << "  " << HdfItem(std::to_string(rows) + " " + shape, h5, dataset) << "\n"
    << pad << "</DataItem>\n";
  return x.str();
}

std::string SeriesXml(const XdmfMesh &m, const std::string &h5, const XdmfSeries &s,
                      const std::string &exact) {
  const std::string shape = Shape(m);
  std::ostringstream x;
  x << "    <Grid Name=\"snapshots " << s.name
    << "\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
  for (std::size_t r = 0; r < s.index.size(); ++r) {
    x.precision(17);
    x << "      <Grid Name=\"" << s.name << " " << s.what << " " << s.index[r]
      << "\" GridType=\"Uniform\">\n"
      << "        <Time Value=\"" << s.time[r] << "\"/>\n"
      << MeshXml(m, "        ")
      << "        <Attribute Name=\"u\" AttributeType=\"Scalar\" Center=\"Node\">\n"
      << RowItem(m, h5, s.dataset, r, s.index.size(), "          ") << "        </Attribute>\n";
    if (!exact.empty())
      x << "        <Attribute Name=\"error\" AttributeType=\"Scalar\" Center=\"Node\">\n"
        << "          <DataItem ItemType=\"Function\" Function=\"$0 - $1\" Dimensions=\"" << shape
        << "\">\n"
        << RowItem(m, h5, s.dataset, r, s.index.size(), "            ") << "            "
        << HdfItem(shape, h5, exact) << "\n"
        << "          </DataItem>\n        </Attribute>\n";
    x << "      </Grid>\n";
  }
  x << "    </Grid>\n";
  return x.str();
}

const char *const kHead = "<?xml version=\"1.0\" ?>\n<Xdmf Version=\"3.0\">\n  <Domain>\n";
const char *const kTail = "  </Domain>\n</Xdmf>\n";

bool WriteAtomically(const std::string &path, const std::string &text) {
  const std::string tmp = path + ".partial";
  {
    std::ofstream out(tmp);
    out << text;
    if (!out.good()) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

// A 1D dataset of a closed file as doubles / long longs; false if absent or unreadable.
template <class T>
bool Read1D(hid_t file, const std::string &path, hid_t type, std::vector<T> *out) {
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0) return false;
  const hid_t dset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  if (dset < 0) return false;
  const hid_t space = H5Dget_space(dset);
  hsize_t n = 0;
  const bool one = H5Sget_simple_extent_ndims(space) == 1;
  if (one) H5Sget_simple_extent_dims(space, &n, nullptr);
  H5Sclose(space);
  out->resize(n);
  const bool ok =
      one && (n == 0 || H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out->data()) >= 0);
  H5Dclose(dset);
  return ok;
}

}  // namespace

std::string XdmfText(const std::string &h5, const XdmfMesh &mesh,
                     const std::vector<std::string> &fields) {
  const std::string shape = Shape(mesh);
  std::ostringstream x;
  x << kHead << "    <Grid Name=\"fpsolve\" GridType=\"Uniform\">\n" << MeshXml(mesh, "      ");
  for (const std::string &f : fields)
    x << "      <Attribute Name=\"" << Name(f) << "\" AttributeType=\"Scalar\" Center=\"Node\">\n"
      << "        " << HdfItem(shape, h5, f) << "\n      </Attribute>\n";
  x << "    </Grid>\n" << kTail;
  return x.str();
}

std::string XdmfSnapshotsText(const std::string &h5, const XdmfMesh &mesh,
                              const std::vector<XdmfSeries> &series, const std::string &exact) {
  std::ostringstream x;
  x << kHead;
  for (const XdmfSeries &s : series) x << SeriesXml(mesh, h5, s, exact);
  x << kTail;
  return x.str();
}

std::string XdmfPath(const std::string &h5_path, const std::string &suffix) {
  const std::string ext = ".h5";
  if (h5_path.size() > ext.size() &&
      h5_path.compare(h5_path.size() - ext.size(), ext.size(), ext) == 0)
    return h5_path.substr(0, h5_path.size() - ext.size()) + suffix + ".xdmf";
  return h5_path + suffix + ".xdmf";
}

bool ReadXdmfSeries(const std::string &h5_path, std::vector<XdmfSeries> *series) {
  const hid_t file = H5Fopen(h5_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return false;
  bool ok = true;
  std::vector<XdmfSeries> present;
  for (XdmfSeries &s : *series) {
    // H5Lexists fails (< 0) when a parent is missing (no /sweep/NNN/snapshots): absent too.
    if (H5Lexists(file, s.dataset.c_str(), H5P_DEFAULT) <= 0) continue;
    const std::string group = s.dataset.substr(0, s.dataset.find_last_of('/'));
    ok = Read1D(file, group + "/index", H5T_NATIVE_LLONG, &s.index) &&
         Read1D(file, group + "/time", H5T_NATIVE_DOUBLE, &s.time) &&
         s.index.size() == s.time.size();
    if (!ok) break;
    present.push_back(std::move(s));
  }
  H5Fclose(file);
  *series = std::move(present);
  return ok;
}

bool WriteXdmf(const std::string &h5_path, const XdmfMesh &mesh,
               const std::vector<std::string> &fields, const std::vector<XdmfSeries> &series,
               const std::string &exact) {
  const std::string h5 = Basename(h5_path);
  if (!WriteAtomically(XdmfPath(h5_path), XdmfText(h5, mesh, fields))) return false;
  const std::string snapshots = XdmfPath(h5_path, "_snapshots");
  if (series.empty()) return std::remove(snapshots.c_str()) == 0 || errno == ENOENT;
  return WriteAtomically(snapshots, XdmfSnapshotsText(h5, mesh, series, exact));
}

}  // namespace fpsolve::io
