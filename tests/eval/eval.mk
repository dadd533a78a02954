# `make eval`: known-item ranking evaluation of rubric against SQLite FTS5
# and Xapian's QueryParser (quest) on the related corpus, over passages
# (eval.py), over whole files (fileeval.py, with the -l coverage), and
# checks that a limit only cuts the ranked list (limits.py).
# Included by the top Makefile. See tests/eval/run.sh for the knobs:
#   make eval EVAL_QUERIES=build/eval/queries.tsv
#   make eval EVAL_BM25=1.2,0.75     rubric's BM25 K1,B (default its own)
#   make eval-bm25                   make eval, then rubric under a grid of
#                                    --bm25 K1,B, tuned on odd qids, held
#                                    out on even (results.md, bm25-grid.*)
#   make eval-collection             only make eval's last step, the CISI
#                                    test collection (relevance-judged
#                                    ranking against the same peers; no
#                                    corpus needed): tests/eval/collection.sh
#   make eval-collection EVAL_RUBRIC_ARGS='--bm25 1.2,0.5'
#                                    extra rubric-search arguments there
#                                    (make eval passes them on too)
# Writes everything under $(BUILD)/eval/ (report: $(BUILD)/eval/results.md;
# the collection's: $(BUILD)/eval/cisi/collection.md).

.PHONY: eval eval-bm25 eval-collection eval-deps

# Debian packages the evaluation needs beyond the build's (FTS5 is in
# Debian's sqlite3; python3-xapian gives Xapian's TermGenerator/QueryParser).
EVAL_PKGS := sqlite3 python3 python3-xapian

eval-deps:
	@build-aux/install-packages $(EVAL_PKGS)

$(BUILD)/eval/dump-passages: tests/eval/dump-passages.c $(LIBRUBRIC) lib/record.h lib/filerecord.h lib/xapian-c/xapian_c.h
	@mkdir -p $(@D)
	$(CC) $(filter-out -MMD -MP,$(CPPFLAGS)) $(CFLAGS) $(LDFLAGS) $< $(LIBRUBRIC) $(LDLIBS) -o $@

eval: deps corpus eval-deps $(PROGRAMS) $(BUILD)/eval/dump-passages
	@BUILD=$(BUILD) EVAL_QUERIES="$(EVAL_QUERIES)" EVAL_BM25="$(EVAL_BM25)" \
	  bash tests/eval/run.sh

eval-bm25: deps corpus eval-deps $(PROGRAMS) $(BUILD)/eval/dump-passages
	@BUILD=$(BUILD) EVAL_QUERIES="$(EVAL_QUERIES)" EVAL_BM25="$(EVAL_BM25)" \
	  bash tests/eval/run.sh --bm25-grid

# The collection's documents are in the tree (tests/data/cisi): no corpus.
eval-collection: eval-deps $(PROGRAMS)
	@BUILD=$(BUILD) EVAL_BM25="$(EVAL_BM25)" \
	  EVAL_RUBRIC_ARGS="$(EVAL_RUBRIC_ARGS)" bash tests/eval/collection.sh
