# tests/tools: helper programs for the tests (included by the Makefile).
#
# format-check runs the format readers over folders and checks their
# output (tests/formats_corpus.sh).

FORMAT_PKGS := gmime-3.0 libxml-2.0 uchardet

$(BUILD)/format-check: tests/tools/format-check.c $(LIBRUBRIC)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(LIBRUBRIC) \
		$(shell pkg-config --libs $(FORMAT_PKGS)) $(LDLIBS) -o $@

.PHONY: format-check
format-check: $(BUILD)/format-check

# markdown-compare: rubric's Markdown reader against CommonMark's spec
# examples (GUIDE.md, "Input formats").  The spec's examples come from
# Debian's goldmark package (spec.json, CommonMark 0.30).
MD_SPEC := /usr/share/gocode/src/github.com/yuin/goldmark/_test/spec.json

$(BUILD)/markdown-compare: tests/tools/markdown-compare.c $(LIBRUBRIC)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(LIBRUBRIC) $(LDLIBS) -o $@

.PHONY: markdown-compare
markdown-compare:
	@build-aux/install-packages golang-github-yuin-goldmark-dev
	@$(MAKE) --no-print-directory $(BUILD)/markdown-compare
	$(BUILD)/markdown-compare $(MD_SPEC)
