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
