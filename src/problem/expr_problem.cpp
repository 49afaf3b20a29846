// User problems from muParser expressions in x (y, z for dim 2, 3).
#include <muParser.h>

#include "fpsolve/base/error.hpp"
#include "fpsolve/problem/problem.hpp"

namespace fpsolve {
namespace {

// One compiled expression. muParser binds variables by address, so each holds its own point.
class Expression {
 public:
  Expression(const std::string &option, const std::string &text, int dim) {
    static const char *names[3] = {"x", "y", "z"};
    try {
      for (int d = 0; d < dim; ++d) parser_.DefineVar(names[d], &point_[d]);
      parser_.DefineConst("pi", 3.14159265358979323846);
      parser_.SetExpr(text);
      parser_.Eval();  // forces parsing: syntax and unknown variables surface here
    } catch (const mu::Parser::exception_type &e) {
      // y or z in a problem of fewer dimensions: say so, not just "unexpected token".
      for (int d = dim; d < 3; ++d)
        if (e.GetToken() == names[d])
          throw InputError(option + " \"" + text + "\": variable " + names[d] + " needs " +
                           "-problem_dim " + std::to_string(d + 1) + " or more (the problem has " +
                           std::to_string(dim) + " dimension" + (dim > 1 ? "s" : "") + ")");
      // muParser's message names the 0-based position of the offending token.
      std::string msg = e.GetMsg();
      if (msg.find("position") == std::string::npos)
        msg += " at position " + std::to_string(e.GetPos());
      throw InputError(option + " \"" + text + "\": " + msg);
    }
  }
  Expression(const Expression &) = delete;
  Expression &operator=(const Expression &) = delete;

  double operator()(const double *x, int dim) const {
    for (int d = 0; d < dim; ++d) point_[d] = x[d];
    return parser_.Eval();
  }

 private:
  mutable double point_[3] = {0, 0, 0};
  mu::Parser parser_;
};

class ExprProblem final : public Problem {
 public:
  explicit ExprProblem(const ExprProblemSpec &spec) : spec_(spec) {
    domain_ = spec.domain;
    if (spec.rhs.empty()) throw InputError("-problem_rhs: required with -problem expr");
    rhs_ = std::make_unique<Expression>("-problem_rhs", spec.rhs, dim());
    if (!spec.exact.empty())
      exact_ = std::make_unique<Expression>("-problem_exact", spec.exact, dim());
    if (!spec.bc.empty()) bc_ = std::make_unique<Expression>("-problem_bc", spec.bc, dim());
  }
  double rhs(const double *x) const override { return (*rhs_)(x, dim()); }
  double boundary(const double *x) const override {
    if (bc_) return (*bc_)(x, dim());
    if (exact_) return (*exact_)(x, dim());
    return 0.0;
  }
  bool has_exact() const override { return exact_ != nullptr; }
  double exact(const double *x) const override { return (*exact_)(x, dim()); }
  std::string describe() const override {
    return "expr: -Lap u = " + spec_.rhs + (exact_ ? ", exact u = " + spec_.exact : "");
  }

 private:
  ExprProblemSpec spec_;
  std::unique_ptr<Expression> rhs_, exact_, bc_;
};

}  // namespace

std::function<double(const double *)> make_expression(const std::string &option,
                                                      const std::string &text, int dim) {
  auto e = std::make_shared<Expression>(option, text, dim);
  return [e, dim](const double *x) { return (*e)(x, dim); };
}

std::unique_ptr<Problem> make_expr_problem(const ExprProblemSpec &spec) {
  return std::make_unique<ExprProblem>(spec);
}

}  // namespace fpsolve
