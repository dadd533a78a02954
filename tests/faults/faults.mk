# tests/faults/faults.mk: rubric-index under injected faults (the shim
# tests/faults/shim.c, preloaded into a build without sanitizers: ASan
# replaces malloc itself).
#
#   make check-faults [FAULT_SCENARIOS="build update rebuild"]
#                     [FAULT_CLASSES="write sync rename open malloc"]
#       every call of each class failed in turn, in a first build, an
#       update and a --rebuild, then kill -9 at 21 moments, then an
#       index's life: roots, vanished files, generations, deleted text,
#       full disks (tests/faults/run.sh, kill.sh, lifecycle.sh); ends
#       "N passed, N failed".
#   make faults-build
#       the plain build and the shim only (make test's fast subset,
#       tests/cli/faults_injected.sh, runs them).

FAULTS_BUILD ?= build
FAULTS_SHIM  := $(FAULTS_BUILD)/faults/shim.so

.PHONY: check-faults faults-build

faults-build: $(FAULTS_SHIM)
	@$(MAKE) --no-print-directory BUILD=$(FAULTS_BUILD) SANITIZE= all

$(FAULTS_SHIM): tests/faults/shim.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -O2 -g -fPIC -shared $< -o $@ -ldl

check-faults: deps faults-build
	@tests/faults/check.sh $(FAULTS_BUILD) $(FAULTS_SHIM)
