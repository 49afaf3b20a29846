// Seeded random inputs for the options and expression layer (ReadConfig, the muParser problem
// and fit target): random option sets drawn from the registry's names with hostile values
// (garbage, NaN/Inf, huge, empty, long lists, near-miss prefixes) and random expressions.
// Properties: nothing crashes or throws past the layer; every rejection is a bad-input error
// (exit 1) with a one-line, non-empty message; an accepted expression evaluates without throwing.
//
// In the suite it runs for FPSOLVE_FUZZ_SECONDS (default 3) from FPSOLVE_FUZZ_SEED (default:
// fixed); a long run outside the suite (docs/robustness.md):
//   FPSOLVE_FUZZ_SECONDS=600 FPSOLVE_FUZZ_SEED=$RANDOM mpiexec -n 1 \
//     build/tests/fpsolve_unit_tests --gtest_filter='OptionsFuzz.*'
// A failure prints the seed, the case number and the options, so it replays exactly.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fpsolve/app/config.hpp"
#include "fpsolve/app/exit_status.hpp"
#include "fpsolve/base/error.hpp"
#include "fpsolve/problem/problem.hpp"

namespace fpsolve {
namespace {

std::string last_message;
PetscErrorCode Remember(MPI_Comm, int, const char *, const char *, PetscErrorCode n,
                        PetscErrorType p, const char *mess, void *) {
  if (p == PETSC_ERROR_INITIAL && last_message.empty()) last_message = mess ? mess : "";
  return n;
}

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(std::uint64_t seed) : rng(seed) {}
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
  template <class T>
  const T &one(const std::vector<T> &v) {
    return v[pick((int)v.size())];
  }

  std::string number() {
    static const std::vector<std::string> special = {"0",          "-0",
                                                     "1",          "-1",
                                                     "2",          "3",
                                                     "nan",        "inf",
                                                     "-inf",       "1e308",
                                                     "1e-308",     "1e400",
                                                     "2147483648", "-2147483649",
                                                     "0.5",        "1e-3",
                                                     "abc",        "",
                                                     "1,2",        "0x10",
                                                     "1.",         ".5",
                                                     "+3",         "1e",
                                                     "--1",        "99999999999999999999",
                                                     "4.9e-324"};
    switch (pick(3)) {
      case 0:
        return one(special);
      case 1:
        return std::to_string(std::uniform_int_distribution<long>(-1000, 100000)(rng));
      default: {
        std::ostringstream os;
        os << std::uniform_real_distribution<double>(-10, 10)(rng) * std::pow(10.0, pick(20) - 10);
        return os.str();
      }
    }
  }
  std::string list() {
    std::string s;
    const int n = pick(4) == 0 ? pick(300) : pick(5);
    for (int i = 0; i < n; ++i)
      s += (i ? "," : "") + (pick(5) ? std::to_string(pick(50)) : number());
    return s;
  }
  std::string word() {
    static const std::vector<std::string> words = {
        "hybrid",        "jacobi",  "dnn",
        "sweep",         "fit",     "tanh",
        "sin",           "relu",    "single",
        "double",        "ritz",    "pinn",
        "mse",           "random",  "grid",
        "seed",          "expr",    "discrete",
        "exact",         "auto",    "fanin_uniform",
        "glorot_normal", "step:",   "time:",
        "normal:",       "step:10", "time:0.5",
        "normal:0.1",    "10s",     "0s",
        "-3s",           "nans",    "s",
        "HYBRID",        " ",       "/tmp/no/such/dir/x.h5"};
    std::string w = one(words);
    if (pick(3) == 0) w += number();
    return w;
  }
  std::string expression(int depth = 0) {
    static const std::vector<std::string> atoms = {"x",     "y",  "z", "pi", "1",  "0", "2.5",
                                                   "1e308", "-1", "q", "_",  "x1", "e", "1e-320"};
    static const std::vector<std::string> ops = {
        "+", "-", "*", "/", "^", "<", ">=", "&&", "?", ":", ",", "=", ""};
    static const std::vector<std::string> funcs = {"sin",  "cos",   "tan", "sqrt", "log",  "exp",
                                                   "abs",  "min",   "max", "sum",  "avg",  "rint",
                                                   "sign", "atan2", "foo", "ln",   "log2", ""};
    if (depth > 6 || pick(3) == 0) return pick(8) ? one(atoms) : number();
    switch (pick(6)) {
      case 0:
        return one(funcs) + "(" + expression(depth + 1) + (pick(4) ? ")" : "");
      case 1:
        return one(funcs) + "(" + expression(depth + 1) + "," + expression(depth + 1) + ")";
      case 2:
        return "(" + expression(depth + 1) + (pick(5) ? ")" : "");
      case 3:
        return expression(depth + 1) + "?" + expression(depth + 1) + ":" + expression(depth + 1);
      case 4: {  // deep nesting
        const int n = pick(200);
        return std::string(n, '(') + "x" + std::string(pick(2) ? n : pick(n + 1), ')');
      }
      default:
        return expression(depth + 1) + one(ops) + expression(depth + 1);
    }
  }
};

struct Option {
  const char *name;
  enum Kind { Number, List, Word, Expr, Flag } kind;
};
const std::vector<Option> kOptions = {
    {"-mode", Option::Word},
    {"-output", Option::Word},
    {"-quiet", Option::Flag},
    {"-progress_interval", Option::Number},
    {"-problem", Option::Word},
    {"-problem_rhs", Option::Expr},
    {"-problem_exact", Option::Expr},
    {"-problem_bc", Option::Expr},
    {"-problem_domain", Option::List},
    {"-dnn_widths", Option::List},
    {"-dnn_activation", Option::Word},
    {"-dnn_precision", Option::Word},
    {"-dnn_init", Option::Word},
    {"-train_loss", Option::Word},
    {"-train_steps", Option::Number},
    {"-train_batch", Option::Number},
    {"-train_lr", Option::Number},
    {"-train_beta", Option::Number},
    {"-train_seed", Option::Number},
    {"-train_sampling", Option::Word},
    {"-train_record_stride", Option::Number},
    {"-train_adam_beta1", Option::Number},
    {"-train_adam_beta2", Option::Number},
    {"-train_adam_eps", Option::Number},
    {"-train_lr_decay", Option::Number},
    {"-train_lr_decay_steps", Option::Number},
    {"-fit_target", Option::Expr},
    {"-hybrid_switch", Option::Word},
    {"-hybrid_auto_target", Option::Number},
    {"-hybrid_auto_patience", Option::Number},
    {"-sweep_switch_steps", Option::List},
    {"-jacobi_record_stride", Option::Number},
    {"-jacobi_target_error", Option::Number},
    {"-spectrum_modes", Option::List},
    {"-spectrum_peaks", Option::Number},
    {"-spectrum_reference", Option::Word},
    {"-spectrum_full_every", Option::Number},
    {"-checkpoint_interval", Option::Word},
    {"-checkpoint_keep", Option::Number},
    {"-checkpoint_dir", Option::Word},
    {"-restart", Option::Word},
};

double EnvNumber(const char *name, double fallback) {
  const char *v = std::getenv(name);
  return v && *v ? std::atof(v) : fallback;
}

// Evaluates an accepted expression at a few points; it must not throw.
void Evaluate(const std::function<double(const double *)> &f, const std::string &what) {
  for (double x : {-1.0, -0.5, 0.0, 0.25, 1.0, 1e300, -1e-300}) {
    double p[3] = {x, x, x};
    try {
      (void)f(p);
    } catch (...) {
      ADD_FAILURE() << what << ": evaluation threw after a successful parse";
      return;
    }
  }
}

TEST(OptionsFuzz, RandomOptionSetsNeverCrashAndAreRejectedAsBadInput) {
  const double seconds = EnvNumber("FPSOLVE_FUZZ_SECONDS", 3);
  const std::uint64_t seed = (std::uint64_t)EnvNumber("FPSOLVE_FUZZ_SEED", 20261127);
  Gen g(seed);
  ASSERT_EQ(PetscPushErrorHandler(Remember, nullptr), 0);
  const auto t0 = std::chrono::steady_clock::now();
  long cases = 0, accepted = 0, problems = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < seconds) {
    ++cases;
    ASSERT_EQ(PetscOptionsClear(nullptr), 0);
    std::ostringstream shown;
    const int n = g.pick(7);
    if (g.pick(3) == 0) {  // an expression problem often enough to reach muParser
      const std::string rhs = g.expression();
      shown << " -problem 'expr' -problem_rhs '" << rhs << "'";
      ASSERT_EQ(PetscOptionsSetValue(nullptr, "-problem", "expr"), 0);
      ASSERT_EQ(PetscOptionsSetValue(nullptr, "-problem_rhs", rhs.empty() ? nullptr : rhs.c_str()),
                0);
    }
    for (int i = 0; i < n; ++i) {
      const Option &o = g.one(kOptions);
      std::string v;
      switch (o.kind) {
        case Option::Number:
          v = g.pick(6) ? g.number() : g.word();
          break;
        case Option::List:
          v = g.list();
          break;
        case Option::Word:
          v = g.word();
          break;
        case Option::Expr:
          v = g.expression();
          break;
        case Option::Flag:
          v = g.pick(2) ? "" : g.word();
          break;
      }
      if (g.pick(50) == 0) v = std::string(5000 + g.pick(3000), 'x');  // beyond buffers
      shown << ' ' << o.name << " '" << v << "'";
      ASSERT_EQ(PetscOptionsSetValue(nullptr, o.name, v.empty() ? nullptr : v.c_str()), 0)
          << shown.str();
    }
    const std::string where =
        "seed " + std::to_string(seed) + " case " + std::to_string(cases) + ":" + shown.str();
    AppConfig cfg;
    last_message.clear();
    const PetscErrorCode err = ReadConfig(PETSC_COMM_WORLD, &cfg);
    if (err) {
      EXPECT_EQ(ExitCodeFor(err), kExitBadInput) << where << " -> " << last_message;
      EXPECT_FALSE(last_message.empty()) << where;
      // main prints OneLine(message): whatever the input held, stderr gets one line.
      EXPECT_EQ(OneLine(last_message).find('\n'), std::string::npos) << where;
    } else {
      ++accepted;
      try {
        if (!cfg.seed_problem) {
          auto p = make_expr_problem(cfg.expr);
          ++problems;
          Evaluate([&](const double *x) { return p->rhs(x) + p->boundary(x); }, where);
          if (p->has_exact()) Evaluate([&](const double *x) { return p->exact(x); }, where);
        }
        if (!cfg.fit_target.empty())
          Evaluate(make_expression("-fit_target", cfg.fit_target, 1), where);
      } catch (const InputError &e) {
        EXPECT_EQ(e.what()[0], '-') << where << ": names no option: " << e.what();
      } catch (const std::exception &e) {
        ADD_FAILURE() << where << ": unexpected exception " << e.what();
      }
    }
    if (::testing::Test::HasFailure()) break;  // the first failure, with its replay line
  }
  EXPECT_EQ(PetscPopErrorHandler(), 0);
  EXPECT_EQ(PetscOptionsClear(nullptr), 0);
  std::printf("options fuzz: seed %llu, %ld cases in %.0f s (%ld accepted, %ld expr problems)\n",
              (unsigned long long)seed, cases, seconds, accepted, problems);
}

TEST(OptionsFuzz, RandomExpressionsParseOrFailAsInputError) {
  const double seconds = EnvNumber("FPSOLVE_FUZZ_SECONDS", 3) / 3;
  const std::uint64_t seed = (std::uint64_t)EnvNumber("FPSOLVE_FUZZ_SEED", 20261127) + 1;
  Gen g(seed);
  const auto t0 = std::chrono::steady_clock::now();
  long cases = 0, parsed = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < seconds) {
    ++cases;
    std::string text = g.expression();
    if (g.pick(10) == 0)
      text[g.pick((int)text.size() + 1) % std::max<size_t>(1, text.size())] = (char)g.pick(256);
    const int dim = 1 + g.pick(3);
    try {
      auto f = make_expression("-problem_rhs", text, dim);
      ++parsed;
      Evaluate(f, "seed " + std::to_string(seed) + " case " + std::to_string(cases) + ": " + text);
    } catch (const InputError &e) {
      ASSERT_EQ(std::string(e.what()).compare(0, 13, "-problem_rhs "), 0) << e.what();
    } catch (const std::exception &e) {
      FAIL() << "seed " << seed << " case " << cases << ": '" << text << "': unexpected exception "
             << e.what();
    }
    if (::testing::Test::HasFailure()) break;
  }
  std::printf("expression fuzz: seed %llu, %ld cases (%ld parsed)\n", (unsigned long long)seed,
              cases, parsed);
}

}  // namespace
}  // namespace fpsolve
