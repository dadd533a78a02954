# `make lang-accuracy`: the language detector (lib/langdetect) on the
# fortune files of the related corpus, and its cost per document.
# Included by the top Makefile. See tests/tools/lang-accuracy.c.
#   make lang-accuracy LANG_ROOT=corpus/related LANG_THREADS=2

LANG_ROOT    ?= corpus/related
LANG_THREADS ?= 2

$(BUILD)/lang-accuracy: tests/tools/lang-accuracy.c $(LIBRUBRIC) lib/langdetect.h
	@mkdir -p $(@D)
	$(CC) $(filter-out -MMD -MP,$(CPPFLAGS)) $(CFLAGS) $(LDFLAGS) $< $(LIBRUBRIC) \
		-lcld2 $(LDLIBS) -o $@

.PHONY: lang-accuracy
lang-accuracy: deps corpus $(BUILD)/lang-accuracy
	$(BUILD)/lang-accuracy -t $(LANG_THREADS) $(LANG_ROOT)
