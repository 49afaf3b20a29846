// The stop-signal handlers (src/app/signals.cpp): the first signal only sets the flag, a second
// one exits at once with 128 + signal. Run in a forked child so the test process survives.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "fpsolve/app/signals.hpp"

namespace fpsolve {
namespace {

TEST(StopSignals, FirstSetsTheFlagSecondExitsAtOnce) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    InstallStopSignals();
    if (PendingStopSignal() != 0) _exit(10);
    raise(SIGUSR1);
    if (PendingStopSignal() != SIGUSR1) _exit(11);
    raise(SIGTERM);  // must not return
    _exit(12);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
}

TEST(StopSignals, NamesTheSignals) {
  EXPECT_STREQ(StopSignalName(SIGTERM), "SIGTERM");
  EXPECT_STREQ(StopSignalName(SIGUSR1), "SIGUSR1");
  EXPECT_STREQ(StopSignalName(SIGINT), "SIGINT");
}

}  // namespace
}  // namespace fpsolve
