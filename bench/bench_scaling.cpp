// Scaling-study measurements (issue 6 item 4; docs/scaling.md): the inputs of the performance
// model in bench/scaling_model.py, measured on this machine at 1 and 2 ranks.
//
//   comm   point-to-point ping-pong (rank 0 <-> 1, half round trip) and MPI_Allreduce (float SUM,
//          in place, as the trainer calls it) over message sizes 8 B .. 32 MB, the allreduce of
//          exactly the two nets' gradient buffers (num_params + 1 floats), and the KSP's
//          communication: a persistent neighbour exchange (as the fused Jacobi PC's halo) of 8 B
//          and 64 B a side, MPI_Allreduce of 1 double (SUM) and of 2 doubles with a user op
//          {sum, max} (the fused PC's check).
//   train  the trainer's step for the paper net (1-4000-500-400-1) and the small net
//          (1-64-64-64-1), float, Ritz, random sampling, for each global batch of -batches:
//          step time, the allreduce phase and compute = step - allreduce phase; with more
//          than one rank also the overlapped variant (per-layer MPI_Iallreduce).
//   ksp    the fused Jacobi KSP (KSPRICHARDSON + fused PC, no records, no checks) per
//          iteration for each N of -sizes (ns/point = t P / N), and the cost of one check
//          (true residual + max error + one 2-double reduction) as the extra time of a solve
//          checking every iteration.
//
// Every figure is printed as the median [min, max] of -repeats samples (the slowest rank's time
// in each): the machine is shared and noisy. The comm cases and the train configurations of a
// net are sampled interleaved (repeat r of each, then repeat r + 1), so a burst of load spreads
// over all of them. The load average at start is printed. One BLAS thread a rank.
//
//   source scripts/env.sh
//   mpiexec -n 1 build/bench/bench_scaling -mode all -json scal_p1.json
//   mpiexec -n 2 build/bench/bench_scaling -mode all -json scal_p2.json
//   mpiexec -n 4 build/bench/bench_scaling -mode all -check_only 1 -max_bytes 4096
//       -batches 1000,37 -sizes 1001,100001          (oversubscribed: correctness only)
//   /usr/bin/python3 bench/scaling_model.py scal_p1.json scal_p2.json -o figs/scaling
//
// Options: -mode all|comm|train|ksp  -repeats R (9)  -nets paper,small  -batches B1,B2,...
// (global; default 1000,500,250,125,62,31,16,8,4,2,1 on one rank, 1000,1000 P on P ranks)
// -steps S (steps a sample, default adaptive)  -sizes N1,N2,... (KSP, default 101, 1e3+1..1e7+1)
// -max_bytes M (largest comm message, 33554432)  -check_only 1 (few repeats, verify the
// trainer's replicated parameters; timings then mean nothing)  -json FILE (rank 0 writes all
// results as one JSON object for scaling_model.py).
#include <petscdmda.h>
#include <petscksp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench_solver.hpp"
#include "fpsolve/nn/blas_info.hpp"
#include "fpsolve/nn/mlp.hpp"
#include "fpsolve/problem/grid.hpp"
#include "fpsolve/problem/problem.hpp"
#include "fpsolve/solve/finisher.hpp"
#include "fpsolve/train/trainer.hpp"

namespace {

using namespace fpsolve;

struct Stats {
  double med = 0, min = 0, max = 0;
};

Stats Summarise(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  s.med = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  s.min = v.front();
  s.max = v.back();
  return s;
}

// JSON records collected on rank 0 (flat objects of numbers and strings).
struct Json {
  std::vector<std::string> records;
  std::string cur;
  Json &Begin(const char *kind) {
    cur = std::string("{\"kind\": \"") + kind + "\"";
    return *this;
  }
  Json &Num(const char *key, double v) {
    char b[96];
    if (std::isfinite(v))
      std::snprintf(b, sizeof b, ", \"%s\": %.10g", key, v);
    else
      std::snprintf(b, sizeof b, ", \"%s\": null", key);
    cur += b;
    return *this;
  }
  Json &Str(const char *key, const std::string &v) {
    cur += std::string(", \"") + key + "\": \"" + v + "\"";
    return *this;
  }
  Json &Stat(const char *key, const Stats &s) {
    const std::string k(key);
    return Num((k + "_med").c_str(), s.med)
        .Num((k + "_min").c_str(), s.min)
        .Num((k + "_max").c_str(), s.max);
  }
  void End() { records.push_back(cur + "}"); }
};

struct Options {
  std::string mode = "all";
  PetscInt repeats = 9, steps = 0;
  std::vector<PetscInt> nets_paper_small{1, 1};
  std::vector<PetscInt> batches, sizes{101, 1001, 10001, 100001, 1000001, 10000001};
  PetscInt max_bytes = 33554432;
  PetscBool check_only = PETSC_FALSE;
  char json[PETSC_MAX_PATH_LEN] = "";
};

// Seconds of one call of fn on the slowest rank, ranks started together, `its` calls averaged.
template <class Fn>
double TimedPerCall(MPI_Comm comm, long its, Fn &&fn) {
  MPI_Barrier(comm);
  const double t0 = MPI_Wtime();
  for (long k = 0; k < its; ++k) fn();
  double t = (MPI_Wtime() - t0) / double(its), tmax;
  MPI_Allreduce(&t, &tmax, 1, MPI_DOUBLE, MPI_MAX, comm);
  return tmax;
}

// Calls a sample so that it lasts about target seconds (same count on every rank).
template <class Fn>
long CallsFor(MPI_Comm comm, double target, Fn &&fn) {
  fn();  // warm-up
  const double t1 = TimedPerCall(comm, 2, fn);
  return std::max(3L, std::min(200000L, long(target / std::max(t1, 1e-9))));
}

std::vector<int> Widths(const std::vector<int> &hidden) {
  std::vector<int> w{1};
  w.insert(w.end(), hidden.begin(), hidden.end());
  w.push_back(1);
  return w;
}

std::size_t NumParams(const std::vector<int> &hidden) {
  return nn::Mlp<float>(Widths(hidden), nn::Activation::Tanh).num_params();
}

const std::vector<int> kPaper{4000, 500, 400}, kSmall{64, 64, 64};

// ---------------------------------------------------------------- comm
// Timed cases run interleaved (repeat r of every case, then repeat r + 1 ...), so a burst of
// load from other users of the machine spreads over all cases instead of spoiling one.
struct Case {
  std::string kind, label;
  double bytes = 0;
  std::function<void()> fn;
  double target = 2e-3;  // seconds a sample
  long its = 0;
  std::vector<double> t;
  Stats st;
};

void RunInterleaved(MPI_Comm comm, PetscInt repeats, std::vector<Case> &cases) {
  for (auto &c : cases) c.its = CallsFor(comm, c.target, c.fn);
  for (PetscInt r = 0; r < repeats; ++r)
    for (auto &c : cases) c.t.push_back(TimedPerCall(comm, c.its, c.fn));
  for (auto &c : cases) c.st = Summarise(c.t);
}

PetscErrorCode BenchComm(MPI_Comm comm, const Options &o, Json &js) {
  PetscMPIInt rank, size;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  std::vector<char> sbuf(o.max_bytes, 0), rbuf(o.max_bytes, 0);
  std::vector<float> fbuf(std::max<std::size_t>(o.max_bytes / 4, NumParams(kPaper) + 1), 0.0f);
  std::vector<Case> cases;
  for (long bytes = 8; bytes <= o.max_bytes; bytes *= 2) {
    if (size > 1) {
      Case c;
      c.kind = "pingpong";
      c.bytes = double(bytes);
      c.fn = [&, bytes] {  // one round trip; reported halved
        if (rank == 0) {
          MPI_Send(sbuf.data(), int(bytes), MPI_BYTE, 1, 7, comm);
          MPI_Recv(rbuf.data(), int(bytes), MPI_BYTE, 1, 7, comm, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
          MPI_Recv(rbuf.data(), int(bytes), MPI_BYTE, 0, 7, comm, MPI_STATUS_IGNORE);
          MPI_Send(sbuf.data(), int(bytes), MPI_BYTE, 0, 7, comm);
        }
      };
      cases.push_back(c);
    }
    Case c;
    c.kind = "allreduce";
    c.bytes = double(bytes);
    c.fn = [&, bytes] {
      MPI_Allreduce(MPI_IN_PLACE, fbuf.data(), int(bytes / 4), MPI_FLOAT, MPI_SUM, comm);
    };
    cases.push_back(c);
  }
  // The gradients exactly as the trainer reduces them: num_params + 1 floats.
  for (int which = 0; which < 2; ++which) {
    const std::size_t count = NumParams(which ? kSmall : kPaper) + 1;
    Case c;
    c.kind = "grad_allreduce";
    c.label = which ? "small" : "paper";
    c.bytes = 4.0 * count;
    c.target = 20e-3;
    c.fn = [&, count] {
      MPI_Allreduce(MPI_IN_PLACE, fbuf.data(), int(count), MPI_FLOAT, MPI_SUM, comm);
    };
    cases.push_back(c);
  }
  // The KSP's communication: the halo (persistent, both neighbours of a non-periodic chain, as
  // the fused PC) of depth 1 and 8, and its reductions.
  const PetscMPIInt left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
  const PetscMPIInt right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
  std::vector<double> halo[2] = {std::vector<double>(4), std::vector<double>(32)};
  MPI_Request req[2][4];
  for (int i = 0; i < 2; ++i) {
    const int depth = i ? 8 : 1;
    double *h = halo[i].data();
    PetscCallMPI(MPI_Recv_init(h, depth, MPI_DOUBLE, left, 1, comm, &req[i][0]));
    PetscCallMPI(MPI_Recv_init(h + depth, depth, MPI_DOUBLE, right, 0, comm, &req[i][1]));
    PetscCallMPI(MPI_Send_init(h + 2 * depth, depth, MPI_DOUBLE, left, 0, comm, &req[i][2]));
    PetscCallMPI(MPI_Send_init(h + 3 * depth, depth, MPI_DOUBLE, right, 1, comm, &req[i][3]));
    Case c;
    c.kind = "halo";
    c.bytes = 8.0 * depth;
    c.fn = [&req, i] {
      MPI_Startall(4, req[i]);
      MPI_Waitall(4, req[i], MPI_STATUSES_IGNORE);
    };
    cases.push_back(c);
  }
  double one = 1, two[2] = {1, 1}, out[2];
  MPI_Op sum_max;
  PetscCallMPI(MPI_Op_create(
      [](void *in, void *inout, int *len, MPI_Datatype *) {
        const double *a = static_cast<const double *>(in);
        double *b = static_cast<double *>(inout);
        for (int i = 0; i + 1 < *len; i += 2) b[i] += a[i], b[i + 1] = std::max(b[i + 1], a[i + 1]);
      },
      1, &sum_max));
  {
    Case c;
    c.kind = "reduce_scalar";
    c.label = "sum1";
    c.bytes = 8;
    c.fn = [&] { MPI_Allreduce(&one, out, 1, MPI_DOUBLE, MPI_SUM, comm); };
    cases.push_back(c);
    c.label = "summax2";
    c.bytes = 16;
    c.fn = [&] { MPI_Allreduce(two, out, 2, MPI_DOUBLE, sum_max, comm); };
    cases.push_back(c);
  }
  RunInterleaved(comm, o.repeats, cases);
  PetscCallMPI(MPI_Op_free(&sum_max));
  for (auto &r : req)
    for (auto &q : r) PetscCallMPI(MPI_Request_free(&q));

  PetscCall(PetscPrintf(comm,
                        "comm: %d rank(s); us, median [min, max] of %d interleaved samples; "
                        "ping-pong = half round trip rank 0 <-> 1; allreduce float SUM in place\n",
                        size, (int)o.repeats));
  for (auto &c : cases) {
    Stats st = c.st;
    if (c.kind == "pingpong") st.med /= 2, st.min /= 2, st.max /= 2;
    std::string what = c.kind;
    if (c.kind == "grad_allreduce") what = "allreduce of the " + c.label + " net's gradient";
    if (c.kind == "halo") what = "halo exchange, both neighbours, bytes a side";
    if (c.kind == "reduce_scalar")
      what = c.label == "sum1" ? "MPI_Allreduce 1 double SUM" : "MPI_Allreduce 2 doubles {sum,max}";
    PetscCall(PetscPrintf(comm, "%-46s %10.0f B | %11.3f [%11.3f, %11.3f]\n", what.c_str(), c.bytes,
                          st.med * 1e6, st.min * 1e6, st.max * 1e6));
    js.Begin(c.kind.c_str()).Num("ranks", size).Num("bytes", c.bytes);
    if (c.kind == "grad_allreduce") js.Str("net", c.label).Num("floats", c.bytes / 4);
    if (c.kind == "reduce_scalar") js.Str("op", c.label);
    js.Num("its", double(c.its)).Stat("t", st).End();
  }
  PetscFunctionReturn(0);
}

// ---------------------------------------------------------------- train
// All (batch, overlap) configurations of a net sampled interleaved, as the comm cases.
PetscErrorCode BenchTrainNet(MPI_Comm comm, const char *name, const std::vector<int> &hidden,
                             const Options &o, Json &js) {
  PetscMPIInt size;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  std::vector<PetscInt> batches = o.batches;
  if (batches.empty())
    batches = size == 1 ? std::vector<PetscInt>{1000, 500, 250, 125, 62, 31, 16, 8, 4, 2, 1}
                        : std::vector<PetscInt>{1000, 1000 * PetscInt(size)};
  auto problem = make_seed_problem();
  struct Config {
    PetscInt batch;
    int overlap, per = 3;
    std::unique_ptr<train::Trainer> tr;
    std::vector<double> step, comp, ar, fwd, bwd, upd;
  };
  std::vector<Config> cfgs;
  for (PetscInt batch : batches)
    for (int overlap = 0; overlap < (size > 1 ? 2 : 1); ++overlap) {
      cfgs.emplace_back();
      cfgs.back().batch = batch;
      cfgs.back().overlap = overlap;
    }
  const PetscInt repeats = o.check_only ? 2 : o.repeats;
  try {
    for (auto &c : cfgs) {
      nn::NetConfig net;
      net.hidden = hidden;
      net.precision = nn::Precision::Single;
      train::TrainConfig cfg;
      cfg.batch = int(c.batch);
      cfg.lr = 1e-4;
      cfg.loss = train::LossKind::Ritz;
      cfg.overlap_allreduce = c.overlap;
      c.tr = train::Trainer::create(comm, net, cfg, *problem);
      c.tr->step();  // warm-up: first touch
      // Steps a sample: about 0.2 s of steps, at least 3 (or -steps).
      const double t = TimedPerCall(comm, 2, [&] { c.tr->step(); });
      c.per = o.steps > 0 ? int(o.steps) : std::max(3, std::min(200, int(0.2 / t)));
    }
    for (PetscInt r = 0; r < repeats; ++r)
      for (auto &c : cfgs)
        for (int s = 0; s < c.per; ++s) {
          MPI_Barrier(comm);
          const double t0 = MPI_Wtime();
          c.tr->step();
          double local[2] = {MPI_Wtime() - t0, 0}, slow[2];
          const auto p = c.tr->last_step_times();
          local[1] = local[0] - p.allreduce;  // compute on this rank
          MPI_Allreduce(local, slow, 2, MPI_DOUBLE, MPI_MAX, comm);
          c.step.push_back(slow[0]);
          c.comp.push_back(slow[1]);
          c.ar.push_back(p.allreduce);  // rank 0's
          c.fwd.push_back(p.forward + p.loss + p.sample);
          c.bwd.push_back(p.backward);
          c.upd.push_back(p.update);
        }
    for (auto &c : cfgs) c.tr->verify_replicated();
  } catch (const std::exception &e) {
    SETERRQ(comm, PETSC_ERR_LIB, "%s net: %s", name, e.what());
  }
  for (auto &c : cfgs) {
    const Stats st = Summarise(c.step), cs = Summarise(c.comp), as = Summarise(c.ar),
                fs = Summarise(c.fwd), bs = Summarise(c.bwd), us = Summarise(c.upd);
    const long local_batch = (c.batch + size - 1) / size;  // the slowest rank's share
    PetscCall(
        PetscPrintf(comm,
                    "%-5s %6d %5ld %d | step %9.3f [%9.3f, %9.3f] | compute %9.3f [%9.3f, %9.3f] | "
                    "allreduce %8.3f [%8.3f, %8.3f] | fwd+loss %8.3f bwd %8.3f adam %7.3f\n",
                    name, (int)c.batch, local_batch, c.overlap, st.med * 1e3, st.min * 1e3,
                    st.max * 1e3, cs.med * 1e3, cs.min * 1e3, cs.max * 1e3, as.med * 1e3,
                    as.min * 1e3, as.max * 1e3, fs.med * 1e3, bs.med * 1e3, us.med * 1e3));
    js.Begin("train")
        .Str("net", name)
        .Num("ranks", size)
        .Num("batch", double(c.batch))
        .Num("local_batch", double(local_batch))
        .Num("overlap", c.overlap)
        .Num("params", double(c.tr->num_params()))
        .Num("samples", double(c.step.size()))
        .Stat("step", st)
        .Stat("compute", cs)
        .Stat("allreduce", as)
        .Stat("fwd", fs)
        .Stat("bwd", bs)
        .Stat("adam", us)
        .End();
  }
  PetscFunctionReturn(0);
}

PetscErrorCode BenchTrain(MPI_Comm comm, const Options &o, Json &js) {
  PetscMPIInt size;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscPrintf(comm,
                        "train: float, Ritz, random sampling, %d rank(s) x %d BLAS thread(s), "
                        "kernel %s; ms, median [min, max] of the slowest rank over interleaved "
                        "samples; compute = step - allreduce phase\n%-5s %6s %5s %s\n",
                        size, nn::blas_num_threads(), nn::blas_kernel_name().c_str(), "net",
                        "batch", "local", "ovl"));
  if (o.nets_paper_small[0]) PetscCall(BenchTrainNet(comm, "paper", kPaper, o, js));
  if (o.nets_paper_small[1]) PetscCall(BenchTrainNet(comm, "small", kSmall, o, js));
  PetscFunctionReturn(0);
}

// ---------------------------------------------------------------- ksp
using bench::SolveIts;
using bench::Solver;

// The fused path, checking every `check` iterations (0: never), never recording.
PetscErrorCode MakeSolver(const Grid &grid, const Problem &problem, PetscInt check, Solver *s) {
  PetscFunctionBeginUser;
  PetscCall(bench::MakeSolver(grid, problem, "fused", 0, check, s));
  PetscCheck(s->f->fused(), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "the fused Jacobi PC is not installed");
  PetscFunctionReturn(0);
}

PetscErrorCode BenchKspSize(MPI_Comm comm, PetscInt n, const Options &o, Json &js) {
  PetscMPIInt size;
  Grid grid;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscOptionsSetValue(nullptr, "-da_grid_x", std::to_string(n).c_str()));
  auto problem = make_seed_problem();
  PetscCall(GridCreate(comm, problem->domain(), &grid));
  {
    Solver plain, check1;
    PetscCall(MakeSolver(grid, *problem, 0, &plain));
    PetscCall(MakeSolver(grid, *problem, 1, &check1));
    // About 40 ms of iterations a sample (0.4 ns/point + 1 us guessed); the checking runs 1/8.
    const double guess = 0.4e-9 * double(n) / size + 1e-6;
    const PetscInt its = std::max<PetscInt>(40, std::min<PetscInt>(400000, PetscInt(0.04 / guess)));
    const PetscInt its_c = std::max<PetscInt>(10, its / 8);
    std::vector<double> tf, tc;
    PetscErrorCode ierr = 0;
    const PetscInt repeats = o.check_only ? 1 : o.repeats;
    for (PetscInt r = 0; r <= repeats; ++r) {  // r = 0: warm-up
      const double f = TimedPerCall(comm, 1, [&] { ierr = ierr ? ierr : SolveIts(plain, its); });
      const double f8 = TimedPerCall(comm, 1, [&] { ierr = ierr ? ierr : SolveIts(plain, its_c); });
      const double c = TimedPerCall(comm, 1, [&] { ierr = ierr ? ierr : SolveIts(check1, its_c); });
      PetscCall(ierr);
      if (r == 0) continue;
      tf.push_back(f / its);
      tc.push_back((c - f8) / its_c);
    }
    const Stats it = Summarise(tf), ck = Summarise(tc);
    const double per_point = it.med * size / double(n) * 1e9;
    PetscCall(PetscPrintf(comm,
                          "%10d %2d %7d | %10.4f [%10.4f, %10.4f] | %7.3f | %9.3f [%9.3f, %9.3f]\n",
                          (int)n, size, (int)its, it.med * 1e6, it.min * 1e6, it.max * 1e6,
                          per_point, ck.med * 1e6, ck.min * 1e6, ck.max * 1e6));
    js.Begin("ksp")
        .Num("ranks", size)
        .Num("N", double(n))
        .Num("iterations", double(its))
        .Stat("iter", it)
        .Num("ns_per_point_med", per_point)
        .Stat("check", ck)
        .End();
  }
  PetscCall(GridDestroy(&grid));
  PetscFunctionReturn(0);
}

PetscErrorCode BenchKsp(MPI_Comm comm, const Options &o, Json &js) {
  PetscMPIInt size;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  const FinishOptions defaults;
  PetscCall(PetscPrintf(comm,
                        "ksp: fused Jacobi in KSPRICHARDSON, %d rank(s), halo depth 8 (default); "
                        "us per iteration median [min, max]; ns/point = t P / N; check = extra of "
                        "one check (residual + error + 1 reduction), us; default check stride %d, "
                        "record stride %d\n%10s %2s %7s | %34s | %7s | %s\n",
                        size, (int)defaults.check_stride, (int)defaults.record_stride, "N", "P",
                        "its", "iteration us", "ns/pt", "check us"));
  for (PetscInt n : o.sizes) PetscCall(BenchKspSize(comm, n, o, js));
  PetscFunctionReturn(0);
}

PetscErrorCode ReadOptions(Options *o) {
  char mode[64] = "all";
  PetscInt buf[64], nb = 64;
  PetscBool set;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetString(nullptr, nullptr, "-mode", mode, sizeof mode, nullptr));
  o->mode = mode;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-repeats", &o->repeats, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-steps", &o->steps, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-max_bytes", &o->max_bytes, nullptr));
  PetscCall(PetscOptionsGetBool(nullptr, nullptr, "-check_only", &o->check_only, nullptr));
  PetscCall(PetscOptionsGetString(nullptr, nullptr, "-json", o->json, sizeof o->json, nullptr));
  PetscCall(PetscOptionsGetIntArray(nullptr, nullptr, "-batches", buf, &nb, &set));
  if (set) o->batches.assign(buf, buf + nb);
  nb = 64;
  PetscCall(PetscOptionsGetIntArray(nullptr, nullptr, "-sizes", buf, &nb, &set));
  if (set) o->sizes.assign(buf, buf + nb);
  char nets[64] = "paper,small";
  PetscCall(PetscOptionsGetString(nullptr, nullptr, "-nets", nets, sizeof nets, nullptr));
  const std::string ns(nets);
  o->nets_paper_small = {ns.find("paper") != std::string::npos,
                         ns.find("small") != std::string::npos};
  PetscCheck(o->mode == "all" || o->mode == "comm" || o->mode == "train" || o->mode == "ksp",
             PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-mode must be all, comm, train or ksp");
  if (o->check_only) o->repeats = std::min<PetscInt>(o->repeats, 3);
  PetscFunctionReturn(0);
}

}  // namespace

int main(int argc, char **argv) {
  PetscCall(
      PetscInitialize(&argc, &argv, nullptr,
                      "bench_scaling [-mode all|comm|train|ksp] [-repeats R] [-json FILE]\n"));
  Options o;
  PetscCall(ReadOptions(&o));
  MPI_Comm comm = PETSC_COMM_WORLD;
  PetscMPIInt size, rank;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  char host[256] = "";
  int len = 0;
  MPI_Get_processor_name(host, &len);
  PetscCall(PetscPrintf(comm,
                        "bench_scaling: %d rank(s) on %s, %d BLAS thread(s) a rank, kernel %s%s\n",
                        size, host, nn::blas_num_threads(), nn::blas_kernel_name().c_str(),
                        o.check_only ? " (check only: timings mean nothing)" : ""));
  Json js;
  double load[3] = {0, 0, 0};
  if (FILE *la = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(la, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
    std::fclose(la);
  }
  PetscCall(PetscPrintf(comm,
                        "load average at start %.2f %.2f %.2f (2 cores; the machine is shared)\n",
                        load[0], load[1], load[2]));
  if (o.mode == "all" || o.mode == "comm") PetscCall(BenchComm(comm, o, js));
  if (o.mode == "all" || o.mode == "train") PetscCall(BenchTrain(comm, o, js));
  if (o.mode == "all" || o.mode == "ksp") PetscCall(BenchKsp(comm, o, js));
  if (rank == 0 && o.json[0]) {
    FILE *f = std::fopen(o.json, "w");
    PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", o.json);
    std::fprintf(f, "{\"ranks\": %d, \"host\": \"%s\", \"blas_threads\": %d, \"kernel\": \"%s\",\n",
                 size, host, nn::blas_num_threads(), nn::blas_kernel_name().c_str());
    std::fprintf(f, " \"load_at_start\": [%.2f, %.2f, %.2f],\n", load[0], load[1], load[2]);
    std::fprintf(f, " \"check_only\": %s, \"records\": [\n", o.check_only ? "true" : "false");
    for (std::size_t i = 0; i < js.records.size(); ++i)
      std::fprintf(f, "  %s%s\n", js.records[i].c_str(), i + 1 < js.records.size() ? "," : "");
    std::fprintf(f, "]}\n");
    std::fclose(f);
  }
  PetscCall(PetscFinalize());
  return 0;
}
