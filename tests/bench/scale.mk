# `make bench-scale`: rubric, omindex + quest and SQLite FTS5 on 1x, 4x and
# 16x the related corpus (copies made by tests/bench/make-copies.py), and
# rubric's shards behind xapian-tcpsrv at the largest size. Included by the
# top Makefile; the knobs are tests/bench/scale.sh's:
#   make bench-scale BENCH_SCALES="0.05 0.1" BENCH_RUNS=1     (a test, ~2 min)
# Writes under build/bench-scale/ (report results.md, picture scale.svg).

.PHONY: bench-scale

BENCH_SCALES ?= 1 4 16

# The corpus is fetched only when it is not there: the copies are made from
# it, and laying it out again (make corpus) would rewrite files that other
# checkouts may share through a symlink.
bench-scale: $(if $(wildcard corpus/related/*),,corpus) bench-deps
	@build-aux/install-packages gnuplot-nox iproute2 util-linux
	@$(MAKE) --no-print-directory $(PROGRAMS)
	@BUILD=$(BUILD) BENCH_SCALES="$(BENCH_SCALES)" BENCH_RUNS="$(BENCH_RUNS)" \
	  BENCH_SCALE_TOOLS="$(BENCH_SCALE_TOOLS)" bash tests/bench/scale.sh
