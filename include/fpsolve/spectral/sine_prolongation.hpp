#pragma once
// Spectral prolongation of values on a coarse tensor grid to a fine one: the coarse values are
// the sine series (DST-I) of their m_a interior points per axis, zero on the boundary; the fine
// values are that series sampled at the fine points (the DST of the coarse values, zero-padded,
// inverted on the fine grid), with the boundary exactly where the coarse grid has it. A function
// whose sine series has no mode above m_a on any axis is reproduced exactly; higher modes of
// what was sampled fold onto lower ones (aliasing), as in any sampling.
//
// Per axis the map is a matrix, P[i][j] = 2/(m+1) sum_{k=1..m} sin(k pi t_i) sin(k pi s_j),
// t_i = i / (N-1) the fine point (N points per axis, boundary included), s_j = (j+1) / (m+1)
// the coarse interior point; in 2D/3D the maps of the axes apply one after another (a tensor
// product): one GEMM per axis instead of a sum over every coarse point per fine point.
#include <vector>

namespace fpsolve::spectral {

// P for the fine indices first .. first+rows-1 of an axis of N points (row-major, rows x m).
std::vector<double> SineProlongationMatrix(int N, int first, int rows, int m);

// out (rows[0] x rows[1] x rows[2], x fastest) = (P_z (x) P_y (x) P_x) in (m[0] x m[1] x m[2],
// x fastest); p[a]: the axis' matrix (rows[a] x m[a]); unused axes have rows = m = 1 and
// p[a] = nullptr. work: scratch, grown as needed.
void ProlongTensor(int dim, const double *const p[3], const int rows[3], const int m[3],
                   const double *in, double *out, std::vector<double> &work);
// The same, as the plain sum over every coarse point (tests).
void ProlongTensor_ref(int dim, const double *const p[3], const int rows[3], const int m[3],
                       const double *in, double *out);

}  // namespace fpsolve::spectral
