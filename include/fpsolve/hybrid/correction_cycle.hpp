#pragma once
// The schedule of -mode cycle (docs/cycles.md): Jacobi sweeps smooth the error, a net trained on
// the residual equation corrects what is left in the low modes, repeated. This class decides,
// from the residual spectrum alone (residual_spectrum.hpp), how many sweeps, whether to train,
// how many steps, with which net, and whether a trained correction is accepted; the mode
// (src/app/mode_cycle.cpp) runs the sweeps and the training and records.
//
// Acceptance: a correction is accepted only when it lowers the error energy ||e||_A^2 (computed
// from the candidate's residual spectrum), so a bad net can never make the iterate worse and the
// cycle cannot stall at a false fixed point of the net's objective. After a rejection the next
// correction gets a fresh net and twice the steps; after two rejections in a row one cycle
// does plain sweeps only.
#include <petscsys.h>

#include <vector>

#include "fpsolve/hybrid/residual_spectrum.hpp"

namespace fpsolve::hybrid {

struct CycleConfig {
  PetscInt sweeps = -1;              // -cycle_sweeps N, or -1: auto (SweepsToSmooth)
  PetscInt train_steps = -1;         // -cycle_train_steps N, or -1: auto (until no gain)
  PetscInt max_cycles = 30;          // -cycle_max
  bool warm = false;                 // -cycle_net warm (continue the last net) | fresh
  double amplitude = 0.5;            // -cycle_amplitude: scaled correction's amplitude
  PetscInt smooth_mode = 0;          // -cycle_smooth_mode: modes above it are Jacobi's (0: from
                                     // -cycle_smooth_fraction)
  double smooth_fraction = -1;       // -cycle_smooth_fraction: cut-off = this x (n+1); -1:
                                     // auto (1/8, at most the net's reach, SetNetReach)
  double smooth_ratio = 0.02;        // -cycle_smooth_ratio
  double smoother_weight = 2.0 / 3;  // -cycle_smoother_weight: Richardson scale of the smoothing
  bool band_sigma = false;         // -dnn_input fourier without -dnn_fourier_sigma: sigma from the
                                   // error's energy (ContentSigma)
  bool band_scales = false;        // -dnn_input mscale without -dnn_mscale: scales from the band
  PetscInt auto_max_steps = 4000;  // -cycle_train_max: cap of auto training per correction
  PetscInt auto_patience = 3;      // -cycle_train_patience: records without a better energy
  PetscInt reject_cycle = -1;      // -cycle_test_reject K: negate cycle K's correction (tests)
  PetscInt candidate_points = -1;  // -cycle_candidate_points M: the net on M coarse points per
                                   // axis, prolonged spectrally; 0: full; -1: auto (4 x cut-off)
};

// The schedule's state between cycles (saved in checkpoints).
struct CycleScheduleState {
  PetscInt steps = 0;  // steps of the next correction (fixed mode: grows on rejection)
  PetscInt rejections_in_row = 0;
  bool force_fresh = false;        // after a rejection
  bool plain_sweeps_next = false;  // after two rejections in a row
  double steps_used_sum = 0;       // auto: steps actually used by accepted corrections
  PetscInt corrections = 0;
};

class CycleSchedule {
 public:
  explicit CycleSchedule(const CycleConfig &cfg);
  const CycleConfig &config() const { return cfg_; }
  CycleScheduleState &state() { return st_; }

  // The highest mode the corrections are to learn (modes above it are the smoother's): a fixed
  // fraction of the n modes, as a multigrid smoother's (or -cycle_smooth_mode); with the auto
  // fraction, 1/8 of them but at most the net's reach.
  PetscInt Cutoff(PetscInt n) const;
  // The highest mode a net of this input embedding learns well (0: no limit known): the auto
  // cut-off does not ask it for more.
  void SetNetReach(PetscInt modes) { reach_ = modes; }
  // The reach of Fourier features of this sigma on a domain whose shortest side is length:
  // measured, 2D seed at 513^2 (docs/cycles.md): sigma 1 on length 2 learns the modes up to 32
  // (5-15x less error energy a correction; up to 16: 10-20x), while the band rule's sigma for
  // those cut-offs (4, 2) learned them worse, and up to 64 gained 4-7x.
  static PetscInt FourierReach(double sigma, double length);
  // The default Fourier-feature sigma (cycles per unit length) for an error whose energy lies at
  // the frequency f (ResidualSpectrum::EnergyFrequency, a frequency vector's length): its RMS
  // per axis, f / sqrt(dim), as B's entries N(0, sigma^2) have; at least 1/(4 length) (mode 1's
  // frequency, reached by about 2 sigma). docs/cycles.md has the measurements behind it.
  static double ContentSigma(double f, int dim, double length);
  // MscaleDNN scales that reach the cut-off band: 1, 2, 4, ... up to the first power of two at
  // or above the band's top frequency in cycles per unit length (a plain net's first layer
  // reaches about one cycle per unit).
  std::vector<double> BandScales(PetscInt n, double length) const;
  // Sweeps (of weight smoother_weight) before the next correction, from the current iterate's
  // spectrum.
  PetscInt SmoothingSweeps(const ResidualSpectrum &s) const;
  // Whether training is predicted to pay: finishing with sweeps alone would take finish_sweeps
  // x seconds_per_sweep; a correction costs the expected steps x seconds_per_step. Fixed
  // -cycle_train_steps always trains (unless the schedule asks for plain sweeps).
  bool ShouldTrain(double finish_sweeps, double seconds_per_sweep, double seconds_per_step) const;
  // Sweeps that finish without a correction, from the predicted count. The prediction bounds
  // the algebraic error; the stop test is on the error against the exact solution, which also
  // holds the discretisation error: near 2x that, a prediction of "done" (< 1 sweep) can be
  // wrong (257^2: it stopped 700 sweeps short, and one sweep a cycle followed). Then a tenth
  // of the sweeps so far, so that the passes grow geometrically.
  static PetscInt FinishSweeps(double predicted, PetscInt sweeps_so_far);
  // Steps for this correction (auto: the cap; training stops earlier when it stops paying).
  PetscInt StepBudget() const;
  // Auto steps, at an evaluation after `trained` steps: whether training on pays. The cycle's
  // cost so far is its smoothing plus its steps (measured seconds); its gain, ln(energy0 /
  // best). Training goes on while the last `stride` steps' gain per second (ln(previous_best /
  // best) over their seconds) is at least the cycle's average: the rate at which cycles remove
  // error (gain per second) is highest where the marginal rate falls to the average.
  bool TrainingPays(double energy0, double previous_best, double best, PetscInt trained,
                    PetscInt stride, double smoothing_seconds, double seconds_per_step) const;
  // Auto steps: the first step at which a correction's candidate is evaluated. The first
  // correction finds its step count by the rate rule (an evaluation every stride); later ones
  // train the mean count of the accepted ones (rounded up to the stride) before evaluating: a
  // candidate on the grid costs as much as hundreds of steps (0.17 s at 513^2).
  PetscInt FirstEvaluation(PetscInt stride) const;
  // Auto steps: whether a correction stops at its first evaluation (trained ==
  // FirstEvaluation) because it re-used an earlier correction's count and its candidate lowered
  // the error energy. Otherwise the rate rule goes on, a stride at a time.
  bool ReusesSteps(PetscInt trained, PetscInt first_evaluation, bool improved) const;
  bool FreshNet(PetscInt cycle) const { return cycle == 0 || !cfg_.warm || st_.force_fresh; }
  bool AutoSteps() const { return cfg_.train_steps < 0; }
  // After a correction (accepted or not; steps_used: steps it trained).
  void Accepted(PetscInt steps_used);
  void Rejected();
  // A plain-sweeps cycle ran: the next one trains again.
  void PlainSweepsDone() { st_.plain_sweeps_next = false; }
  // Sweeps of a plain-sweeps cycle (no correction).
  PetscInt PlainSweeps(const ResidualSpectrum &s) const;

 private:
  double ExpectedSteps() const;
  CycleConfig cfg_;
  CycleScheduleState st_;
  PetscInt reach_ = 0;
};

}  // namespace fpsolve::hybrid
