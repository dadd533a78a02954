# tests/fuzz/fuzz.mk: libFuzzer targets (clang, ASan + UBSan).
#
#   make fuzz [FUZZ_SECONDS=30] [FUZZ_TARGETS="analyze query"]
#       builds every target and fuzzes each for FUZZ_SECONDS, starting from
#       tests/fuzz/seeds/<target>/ (plus the inputs earlier runs kept in
#       build/fuzz/corpus/<target>/), in fork mode so a crash doesn't end
#       the run.  Each new kind of crash, leak, timeout or OOM is copied
#       into tests/fuzz/regressions/<target>/, and the run fails.
#   make fuzz-regress
#       builds the targets and runs each once over the files in
#       tests/fuzz/regressions/<target>/; fails if any of them crashes.
#   make fuzz-build
#       only builds build/fuzz/fuzz_<target>.
#
# Included by the top Makefile, or standalone: make -f tests/fuzz/fuzz.mk fuzz
# Everything here is prefixed FUZZ_ and set with ?= (or derived from this
# file's own location), so it needs nothing from the top Makefile.

FUZZ_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
FUZZ_TOP    := $(patsubst %/,%,$(dir $(patsubst %/,%,$(dir $(abspath $(FUZZ_MK_DIR))))))

FUZZ_CC       ?= clang
FUZZ_CXX      ?= clang++
FUZZ_SECONDS  ?= 30
FUZZ_BUILD    ?= $(FUZZ_TOP)/build/fuzz
# Every fuzz_<target>.c here is a target: a new reader's fuzz target is a
# file, not a line in a list.
FUZZ_TARGETS  ?= $(patsubst $(FUZZ_MK_DIR)/fuzz_%.c,%,$(wildcard $(FUZZ_MK_DIR)/fuzz_*.c))
# Extra libFuzzer flags for `make fuzz` (e.g. FUZZ_FLAGS=-jobs=2).
FUZZ_FLAGS    ?= -timeout=20 -rss_limit_mb=2048 -max_len=8192
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		 -fno-omit-frame-pointer
# The document readers (pdf, epub, office, archive) bring their libraries.
FUZZ_DOC_PKGS := gmime-3.0 libxml-2.0 uchardet poppler-glib libzip libcmark zlib libarchive
FUZZ_CPPFLAGS := -I$(FUZZ_TOP)/lib -I$(FUZZ_TOP)/lib/xapian-c -I$(FUZZ_TOP)/lib/formats -I$(FUZZ_TOP)/search \
		 -D_GNU_SOURCE -MMD -MP $(shell pkg-config --cflags $(FUZZ_DOC_PKGS) 2>/dev/null)
FUZZ_CFLAGS   ?= -g -O1
FUZZ_CXXFLAGS ?= -g -O1
FUZZ_LDLIBS   ?= -lxapian -lutf8proc -ljansson -lxxhash -lstemmer -lwordnet \
		 $(shell pkg-config --libs $(FUZZ_DOC_PKGS) 2>/dev/null) -lpcre2-8 -lstdc++ -lpthread -lm

# The code under test, instrumented for coverage (fuzzer-no-link) and
# sanitizers, in an archive so each target links only what it uses.
FUZZ_LIB_C   := $(wildcard $(FUZZ_TOP)/lib/*.c $(FUZZ_TOP)/lib/formats/*.c)
FUZZ_LIB_CXX := $(wildcard $(FUZZ_TOP)/lib/xapian-c/*.cc)
FUZZ_LIB_OBJ := $(patsubst $(FUZZ_TOP)/%.c,$(FUZZ_BUILD)/obj/%.o,$(FUZZ_LIB_C)) \
		$(patsubst $(FUZZ_TOP)/%.cc,$(FUZZ_BUILD)/obj/%.o,$(FUZZ_LIB_CXX))
FUZZ_LIB     := $(FUZZ_BUILD)/librubric-fuzz.a
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

.PHONY: fuzz fuzz-regress fuzz-build fuzz-deps

# clang with its libFuzzer and sanitizer runtimes, from Debian.
fuzz-deps:
	@$(FUZZ_TOP)/build-aux/install-packages clang libclang-rt-14-dev \
		libxapian-dev libutf8proc-dev libstemmer-dev libjansson-dev libxxhash-dev \
		libgmime-3.0-dev libxml2-dev libuchardet-dev libpoppler-glib-dev libzip-dev libcmark-dev

fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/obj/%.o: $(FUZZ_TOP)/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -std=c11 $(FUZZ_SAN) \
		-fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/obj/%.o: $(FUZZ_TOP)/%.cc
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(FUZZ_CPPFLAGS) $(FUZZ_CXXFLAGS) -std=c++11 $(FUZZ_SAN) \
		-fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# Linked by clang++ so UBSan's C++ runtime comes along for the binding (lib/xapian-c/*.cc).
$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB)
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer $(filter %.o,$^) \
		$(filter %.a,$^) $(FUZZ_LDLIBS) -o $@

# The query parser is the one part of search/ under test.
$(FUZZ_BUILD)/fuzz_query: $(patsubst %.c,$(FUZZ_BUILD)/obj/%.o,$(wildcard search/query_*.c))

# One target after another, each for FUZZ_SECONDS whatever the others
# found; tests/fuzz/run.sh keeps each new kind of failure in regressions/.
fuzz: fuzz-deps
	@$(MAKE) --no-print-directory -f $(FUZZ_MK_DIR)/fuzz.mk fuzz-run

fuzz-run: $(FUZZ_BINS)
	@$(FUZZ_TOP)/tests/fuzz/run.sh fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS) \
		"$(FUZZ_FLAGS)" $(FUZZ_TARGETS)

# Each regression file once, in its own run, so one crash hides no other.
fuzz-regress: $(FUZZ_BINS)
	@$(FUZZ_TOP)/tests/fuzz/run.sh regress $(FUZZ_BUILD) $(FUZZ_TARGETS)

-include $(shell find $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)
