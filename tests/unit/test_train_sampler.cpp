// The counter-based sampler: shares, rank-count independence, domains, grid.
#include <gtest/gtest.h>

#include <vector>

#include "fpsolve/train/sampler.hpp"

using namespace fpsolve;
using train::Sampler;

TEST(TrainSampler, SplitEvenlyCoversEverythingOnce) {
  for (int parts : {1, 2, 3, 4, 7}) {
    long next = 0;
    for (int r = 0; r < parts; ++r) {
      const auto s = train::split_evenly(1002, parts, r);
      EXPECT_EQ(s.offset, next);
      EXPECT_TRUE(s.count == 1002 / parts || s.count == 1002 / parts + 1);
      next += s.count;
    }
    EXPECT_EQ(next, 1002);
  }
}

TEST(TrainSampler, SamplesDoNotDependOnTheSplit) {
  Domain d;
  d.dim = 2, d.lo = {-1, 0, 0}, d.hi = {1, 3, 0};
  Sampler s(d, train::Sampling::Random, 9, 100, 40);
  std::vector<double> whole(200), parts(200), bwhole(80), bparts(80);
  s.interior(5, 0, 100, whole.data());
  s.boundary(5, 0, 40, bwhole.data());
  for (int r = 0; r < 3; ++r) {
    const auto sh = train::split_evenly(100, 3, r);
    s.interior(5, sh.offset, sh.count, parts.data() + 2 * sh.offset);
    const auto bs = train::split_evenly(40, 3, r);
    s.boundary(5, bs.offset, bs.count, bparts.data() + 2 * bs.offset);
  }
  EXPECT_EQ(whole, parts);
  EXPECT_EQ(bwhole, bparts);
  for (int i = 0; i < 100; ++i) {
    EXPECT_GE(whole[2 * i], -1.0);
    EXPECT_LT(whole[2 * i], 1.0);
    EXPECT_GE(whole[2 * i + 1], 0.0);
    EXPECT_LT(whole[2 * i + 1], 3.0);
  }
  for (int i = 0; i < 40; ++i) {  // on a face
    const double x = bwhole[2 * i], y = bwhole[2 * i + 1];
    EXPECT_TRUE(x == -1.0 || x == 1.0 || y == 0.0 || y == 3.0);
  }
  std::vector<double> other(200);
  s.interior(6, 0, 100, other.data());
  EXPECT_NE(whole, other);  // random resamples every step
}

TEST(TrainSampler, OneDimensionalGridAndEndpoints) {
  Domain d;
  Sampler s(d, train::Sampling::Grid, 0, 4, 0);
  EXPECT_EQ(s.global_boundary(), 2);
  EXPECT_FALSE(s.resamples());
  std::vector<double> x(4), b(2);
  s.interior(3, 0, 4, x.data());
  EXPECT_DOUBLE_EQ(x[0], -0.6);
  EXPECT_DOUBLE_EQ(x[3], 0.6);
  s.boundary(3, 0, 2, b.data());
  EXPECT_EQ(b[0], -1.0);
  EXPECT_EQ(b[1], 1.0);
  Domain d2;
  d2.dim = 2;
  EXPECT_THROW(Sampler(d2, train::Sampling::Grid, 0, 10, 8), std::invalid_argument);
  EXPECT_NO_THROW(Sampler(d2, train::Sampling::Grid, 0, 16, 8));
}
