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

// How the input x reaches the first hidden layer (options -dnn_input, -dnn_fourier_*, -dnn_mscale;
// docs/embeddings.md). plain: x itself. fourier: [sin(2 pi B x), cos(2 pi B x)] with a fixed
// B (features x dim, entries N(0, sigma^2), drawn from the seed). mscale: the MscaleDNN scaled
// first layer: the first hidden layer's neurons form len(scales) equal groups, group i sees a_i x.
enum class InputKind { Plain, Fourier, Mscale };
struct EmbeddingSpec {
  InputKind kind = InputKind::Plain;
  int features = 64;                               // fourier: M (2M inputs to the first layer)
  double sigma = 1.0;                              // fourier: standard deviation of B's entries
  std::vector<double> scales{1, 2, 4, 8, 16, 32};  // mscale: a_1, a_2, ...
};

struct NetConfig {
  std::vector<int> hidden{4000, 500, 400};  // -dnn_widths; input = problem dim, output = 1
  Activation activation = Activation::Tanh;
  Precision precision = Precision::Single;
  InitSpec init;
  EmbeddingSpec input;
};

}  // namespace fpsolve::nn
