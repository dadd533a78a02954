# `make eval`: known-item ranking evaluation of rubric against SQLite FTS5
# and Xapian's QueryParser (quest) on the related corpus.
# Included by the top Makefile. See tests/eval/run.sh for the knobs:
#   make eval EVAL_QUERIES=build/eval/queries.tsv
# Writes everything under $(BUILD)/eval/ (report: $(BUILD)/eval/results.md).

.PHONY: eval eval-deps

# Debian packages the evaluation needs beyond the build's (FTS5 is in
# Debian's sqlite3; python3-xapian gives Xapian's TermGenerator/QueryParser).
EVAL_PKGS := sqlite3 python3 python3-xapian

eval-deps:
	@build-aux/install-packages $(EVAL_PKGS)

$(BUILD)/eval/dump-passages: tests/eval/dump-passages.c $(LIBRUBRIC) lib/record.h lib/xapian-c/xapian_c.h
	@mkdir -p $(@D)
	$(CC) $(filter-out -MMD -MP,$(CPPFLAGS)) $(CFLAGS) $(LDFLAGS) $< $(LIBRUBRIC) $(LDLIBS) -o $@

eval: deps corpus eval-deps $(PROGRAMS) $(BUILD)/eval/dump-passages
	@BUILD=$(BUILD) EVAL_QUERIES="$(EVAL_QUERIES)" bash tests/eval/run.sh
