#pragma once
// A fault for the tests of the error paths: FPSOLVE_TEST_THROW=WHERE makes TestFault(WHERE)
// throw std::runtime_error("test fault at WHERE"), an exception no layer expects, so the tests
// can check that it still ends in one line on stderr, the exit code and no complete-looking
// -output (tests/cli/exceptions.sh). Unset (always, outside tests): nothing happens.
namespace fpsolve {

// The points: "execute" (app/main.cpp, before the mode runs), "train_step" (inside the
// trainer's step, in app/train_loop.cpp and app/cycle_correction.cpp).
void TestFault(const char *where);

}  // namespace fpsolve
