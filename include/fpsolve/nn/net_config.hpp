#pragma once
// What a network is: widths, activation, precision, initialisation (options -dnn_*).
#include <cstdint>
#include <vector>

namespace fpsolve::nn {

enum class Activation { Tanh, Sin, Relu };
enum class Precision { Single, Double };

struct InitSpec {
  enum class Kind { FaninUniform, GlorotNormal, Normal } kind = Kind::FaninUniform;
  double std = 0.0;  // only for Kind::Normal ("normal:STD")
};

struct NetConfig {
  std::vector<int> hidden{4000, 500, 400};  // -dnn_widths; input = problem dim, output = 1
  Activation activation = Activation::Tanh;
  Precision precision = Precision::Single;
  InitSpec init;
};

}  // namespace fpsolve::nn
