#include "fpsolve/app/signals.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>

#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

volatile std::sig_atomic_t pending = 0;

extern "C" void OnStopSignal(int signo) {
  if (pending == 0) {
    pending = signo;
    return;
  }
  // Second signal: leave now. Only async-signal-safe calls here.
  static const char msg[] = "fpsolve: second stop signal, exiting at once\n";
  ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)ignored;
  _exit(128 + signo);
}

}  // namespace

void InstallStopSignals() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // MPI and file I/O calls continue; we poll the flag
  for (int s : {SIGTERM, SIGUSR1, SIGINT}) sigaction(s, &sa, nullptr);
}

int PendingStopSignal() {
  return pending;
}

const char *StopSignalName(int signo) {
  switch (signo) {
    case SIGTERM:
      return "SIGTERM";
    case SIGUSR1:
      return "SIGUSR1";
    case SIGINT:
      return "SIGINT";
    default:
      return "a signal";
  }
}

}  // namespace fpsolve
