# `make lang-accuracy`: the language detector (lib/langdetect) and the
# context of short documents (lib/langcontext) on the fortune files of the
# related corpus, its cost per document, and the recall of `muerto` and
# `kinder` over the fortunes (tests/tools/lang-recall.sh).
# Included by the top Makefile. See tests/tools/lang-accuracy.c.
#   make lang-accuracy LANG_ROOT=corpus/related LANG_THREADS=2

LANG_ROOT    ?= corpus/related
LANG_THREADS ?= 2

$(BUILD)/lang-accuracy: tests/tools/lang-accuracy.c $(LIBRUBRIC) lib/langdetect.h lib/langcontext.h
	@mkdir -p $(@D)
	$(CC) $(filter-out -MMD -MP,$(CPPFLAGS)) $(CFLAGS) $(LDFLAGS) $< $(LIBRUBRIC) \
		-lcld2 $(LDLIBS) -o $@

.PHONY: lang-accuracy
lang-accuracy: deps corpus $(BUILD)/lang-accuracy $(PROGRAMS)
	$(BUILD)/lang-accuracy -t $(LANG_THREADS) $(LANG_ROOT)
	tests/tools/lang-recall.sh $(BUILD) $(LANG_ROOT)
