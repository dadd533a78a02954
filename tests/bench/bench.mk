# `make bench`: rubric and its peers on the related corpus, in one run.
# Included by the top Makefile. See tests/bench/run.sh for the knobs:
#   make bench BENCH_RUNS=1 BENCH_TOOLS="rubric fts5"
# Writes everything under build/bench/ (report: build/bench/results.md).

.PHONY: bench bench-deps

# command -> Debian package providing it (the peers and the harness's needs)
BENCH_DEPS := omindex:xapian-omega quest:xapian-tools xapian-compact:xapian-tools \
	xapian-delve:xapian-tools sqlite3:sqlite3 recollindex:recollcmd \
	recollq:recollcmd rg:ripgrep /usr/bin/time:time python3:python3

bench-deps:
	@build-aux/install-packages $(sort $(foreach d,$(BENCH_DEPS),$(lastword $(subst :, ,$(d)))))

# rubric's programs are built first; if the build fails the bench still runs
# the peers and reports rubric as n/a.
bench: corpus bench-deps
	-@$(MAKE) --no-print-directory $(PROGRAMS) $(BUILD)/eval/dump-passages || \
	  echo "bench: rubric did not build: it will be n/a"
	@BUILD=$(BUILD) BENCH_RUNS="$(BENCH_RUNS)" BENCH_TOOLS="$(BENCH_TOOLS)" \
	  bash tests/bench/run.sh
