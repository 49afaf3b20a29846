#pragma once
// A PETSc log event registered on its first use, so that -log_view shows where a run's time goes
// (docs/architecture.md, Conventions, lists fpsolve's events). Declare it function-static:
//   static LogEvent event("FpCostSweep");
//   PetscCall(event.Begin()); ... PetscCall(event.End());
#include <petsclog.h>

namespace fpsolve {

class LogEvent {
 public:
  explicit LogEvent(const char *name, PetscClassId cls = PETSC_OBJECT_CLASSID)
      : name_(name), cls_(cls) {}
  PetscErrorCode Begin() {
    PetscFunctionBeginUser;
    if (id_ < 0) PetscCall(PetscLogEventRegister(name_, cls_, &id_));
    PetscCall(PetscLogEventBegin(id_, 0, 0, 0, 0));
    PetscFunctionReturn(0);
  }
  PetscErrorCode End() {
    PetscFunctionBeginUser;
    PetscCall(PetscLogEventEnd(id_, 0, 0, 0, 0));
    PetscFunctionReturn(0);
  }

 private:
  const char *name_;
  PetscClassId cls_;
  PetscLogEvent id_ = -1;
};

}  // namespace fpsolve
