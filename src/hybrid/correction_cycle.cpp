#include "fpsolve/hybrid/correction_cycle.hpp"

#include <algorithm>
#include <cmath>

namespace fpsolve::hybrid {

CycleSchedule::CycleSchedule(const CycleConfig &cfg) : cfg_(cfg) {
  st_.steps = cfg.train_steps >= 0 ? cfg.train_steps : cfg.auto_max_steps;
}

PetscInt CycleSchedule::Cutoff(PetscInt n) const {
  const bool auto_fraction = cfg_.smooth_fraction < 0;
  PetscInt c =
      cfg_.smooth_mode > 0
          ? cfg_.smooth_mode
          : (PetscInt)std::lround((auto_fraction ? 0.125 : cfg_.smooth_fraction) * (n + 1));
  if (cfg_.smooth_mode <= 0 && auto_fraction && reach_ > 0) c = std::min(c, reach_);
  return std::clamp<PetscInt>(c, 1, std::max<PetscInt>(n, 1));
}

PetscInt CycleSchedule::FourierReach(double sigma, double length) {
  // Mode c has c / (2 length) cycles per unit: sigma 1 reaches 8 of them (mode 32 on length 2).
  return std::max<PetscInt>(1, (PetscInt)std::lround(16 * length * sigma));
}

double CycleSchedule::ContentSigma(double f, int dim, double length) {
  return std::max(f / std::sqrt((double)dim), 1 / (4 * length));
}

std::vector<double> CycleSchedule::BandScales(PetscInt n, double length) const {
  const double top = Cutoff(n) / (2 * length);
  std::vector<double> scales{1};
  while (scales.back() < top && scales.size() < 30) scales.push_back(2 * scales.back());
  return scales;
}

PetscInt CycleSchedule::SmoothingSweeps(const ResidualSpectrum &s) const {
  if (cfg_.sweeps >= 0) return cfg_.sweeps;
  return (PetscInt)std::min(1e9, s.SweepsToSmooth(cfg_.smooth_ratio, st_.corrections > 0));
}

PetscInt CycleSchedule::PlainSweeps(const ResidualSpectrum &s) const {
  // Four times a smoothing pass (at least 1000): a pass that shifts the spectrum enough for the
  // next net to see a different problem.
  return std::max<PetscInt>(1000, 4 * SmoothingSweeps(s));
}

double CycleSchedule::ExpectedSteps() const {
  if (!AutoSteps()) return (double)st_.steps;
  // Auto: what accepted corrections used so far; before any, half the cap.
  return st_.corrections > 0 ? st_.steps_used_sum / st_.corrections : 0.5 * cfg_.auto_max_steps;
}

bool CycleSchedule::ShouldTrain(double finish_sweeps, double seconds_per_sweep,
                                double seconds_per_step) const {
  if (st_.plain_sweeps_next) return false;
  if (!AutoSteps()) return true;
  return finish_sweeps * seconds_per_sweep > ExpectedSteps() * seconds_per_step;
}

PetscInt CycleSchedule::FinishSweeps(double predicted, PetscInt sweeps_so_far) {
  if (predicted >= 1) return (PetscInt)std::min(predicted + 1, 2e9);
  return std::max<PetscInt>(1, sweeps_so_far / 10);
}

PetscInt CycleSchedule::StepBudget() const {
  return st_.steps;
}

bool CycleSchedule::TrainingPays(double energy0, double previous_best, double best,
                                 PetscInt trained, PetscInt stride, double smoothing_seconds,
                                 double seconds_per_step) const {
  if (!(best < energy0) || !(previous_best < energy0)) return true;  // no gain yet: keep going
  const double marginal = std::log(previous_best / best) / (stride * seconds_per_step);
  const double average =
      std::log(energy0 / best) / (smoothing_seconds + trained * seconds_per_step);
  return marginal >= average;
}

PetscInt CycleSchedule::FirstEvaluation(PetscInt stride) const {
  if (!AutoSteps() || st_.corrections == 0) return stride;
  const double mean = st_.steps_used_sum / st_.corrections;
  const PetscInt strides = (PetscInt)std::ceil(mean / stride - 1e-9);
  return std::clamp<PetscInt>(strides * stride, stride, std::max(stride, st_.steps));
}

bool CycleSchedule::ReusesSteps(PetscInt trained, PetscInt first_evaluation, bool improved) const {
  return AutoSteps() && st_.corrections > 0 && trained == first_evaluation && improved;
}

void CycleSchedule::Accepted(PetscInt steps_used) {
  st_.rejections_in_row = 0;
  st_.force_fresh = false;
  if (!AutoSteps()) st_.steps = cfg_.train_steps;  // the extra steps were for one correction
  st_.steps_used_sum += (double)steps_used;
  ++st_.corrections;
}

void CycleSchedule::Rejected() {
  ++st_.rejections_in_row;
  st_.force_fresh = true;
  // Fixed steps grow; auto keeps its cap (it already stops when training stops paying).
  // (at most 4x the configured count: more would let a stalled run train without bound).
  if (!AutoSteps())
    st_.steps = std::min<PetscInt>(2 * std::max<PetscInt>(st_.steps, 1),
                                   4 * std::max<PetscInt>(cfg_.train_steps, 1));
  if (st_.rejections_in_row >= 2) {
    st_.plain_sweeps_next = true;
    st_.rejections_in_row = 0;
  }
}

}  // namespace fpsolve::hybrid
