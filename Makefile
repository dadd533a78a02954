# rubric: build, test, demo, bench, install.
# `make demo` and `make test` install what they need (deps) on a fresh Debian.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build

CC  := gcc
CXX := g++
PKGS := xapian-core libutf8proc jansson libxxhash gmime-3.0 libxml-2.0 uchardet zlib \
	poppler-glib libzip libcmark libarchive libpcre2-8

CPPFLAGS += -Ilib -Ilib/xapian-c -Ilib/formats -D_GNU_SOURCE -MMD -MP \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -Wall -Wextra
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++11 -Wall -Wextra
# Each program loads only the libraries it uses (rubric-search: no CLD2,
# GMime, libxml2, poppler, libzip or libcmark at start-up).  The small C
# libraries every query uses are linked from Debian's static archives:
# fewer objects for the dynamic loader to map and relocate at each start
# (make bench: a search is mostly its start-up).
STATIC_PKGS := libutf8proc jansson libxxhash inih
LDFLAGS  += -Wl,--as-needed
LDLIBS   += $(shell pkg-config --libs $(filter-out $(STATIC_PKGS),$(PKGS)) 2>/dev/null) \
	-Wl,-Bstatic $(shell pkg-config --libs $(STATIC_PKGS) 2>/dev/null) -lstemmer -lwordnet -Wl,-Bdynamic \
	-lcld2 -lstdc++ -lpthread -lm

ifeq ($(SANITIZE),1)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
CFLAGS   += $(SANFLAGS) -O1
CXXFLAGS += $(SANFLAGS) -O1
LDFLAGS  += $(SANFLAGS)
endif

LIB_C   := $(wildcard lib/*.c lib/formats/*.c)
LIB_CXX := $(wildcard lib/xapian-c/*.cc) lib/langdetect_cld2.cc
# libstemmer has no version function: --version reports the Debian
# package it was built (statically linked) from.
STEMMER_VERSION := $(shell dpkg-query -W -f '$${Version}' libstemmer-dev 2>/dev/null)
$(BUILD)/obj/lib/version.o: CPPFLAGS += -DRB_STEMMER_VERSION='"$(STEMMER_VERSION)"'
# The C++ first: the slowest to compile, started first under make -j.
LIB_OBJ := $(LIB_CXX:%.cc=$(BUILD)/obj/%.o) $(LIB_C:%.c=$(BUILD)/obj/%.o)
LIBRUBRIC := $(BUILD)/librubric.a

INDEX_OBJ  := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard indexer/*.c))
SEARCH_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard search/*.c))
# The query language alone (the fuzz targets link it without main).
QUERY_OBJ  := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard search/query_*.c))
PROGRAMS   := $(BUILD)/rubric-index $(BUILD)/rubric-search
MANPAGES   := $(wildcard indexer/*.1 search/*.1)

UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Each fuzz target replays its seeds and regressions under the test build.
FUZZ_REPLAY := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/tests/test_fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))

# Packages the build, the tests and the demo need (Debian names).
DEPS_PKGS := gcc g++ make pkg-config libxapian-dev libutf8proc-dev \
	libstemmer-dev libjansson-dev libxxhash-dev libcmocka-dev jq \
	libgmime-3.0-dev libxml2-dev libuchardet-dev libcld2-dev strace time xapian-tools \
	libpoppler-glib-dev libzip-dev libcmark-dev zlib1g-dev python3 wordnet-dev \
	libarchive-dev p7zip-full zstd zip libpcre2-dev ripgrep

# The configuration file's parser (lib/config.c), linked statically as above.
DEPS_PKGS += libinih-dev
# Shells whose completion tests/cli/completions.sh loads.
DEPS_PKGS += zsh fish

.PHONY: all deps test unit-tests demo install clean check-valgrind completions
.DEFAULT_GOAL := all

all: $(PROGRAMS)

deps:
	@build-aux/install-packages $(DEPS_PKGS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

# Made afresh: a source file removed or renamed leaves no stale member.
$(LIBRUBRIC): $(LIB_OBJ)
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/rubric-index: $(INDEX_OBJ) $(LIBRUBRIC)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

# Not position-independent: libstemmer's and utf8proc's tables of pointers
# (340 KB) are then not relocated, page by page, at every start (make
# bench: a search is mostly its start-up; 257 page faults -> 172 and 0.2 ms
# of CPU for --version).  The libraries it loads keep their random address.
SEARCH_LDFLAGS := $(if $(filter 1,$(SANITIZE)),,-no-pie)
$(BUILD)/rubric-search: $(SEARCH_OBJ) $(LIBRUBRIC)
	$(CC) $(LDFLAGS) $(SEARCH_LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIBRUBRIC)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $^ -lcmocka $(LDLIBS) -o $@

# search/'s unit tests link its objects, all but its main.
$(BUILD)/tests/test_search_%: $(BUILD)/obj/tests/unit/test_search_%.o \
		$(filter-out %/main.o,$(SEARCH_OBJ)) $(LIBRUBRIC)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $^ -lcmocka $(LDLIBS) -o $@

$(BUILD)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(QUERY_OBJ) $(LIBRUBRIC)
	@mkdir -p $(@D)
	$(CC) $(filter-out -MMD -MP,$(CPPFLAGS)) -Isearch $(CFLAGS) -DFUZZ_TARGET='"$*"' \
		$(LDFLAGS) $^ $(LDLIBS) -o $@

unit-tests: $(UNIT_BIN) $(FUZZ_REPLAY)

# Tests run against a separate AddressSanitizer + UBSan build.
# The fault-injection subset (tests/cli/faults_injected.sh) runs a plain build.
# Both builds are made side by side, one job a core unless make was given
# -j (its jobserver is shared then); tests/run runs the suites as many at
# a time (RUBRIC_TEST_JOBS).
TEST_MAKE_JOBS = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 2))
test: deps
	@$(MAKE) --no-print-directory $(TEST_MAKE_JOBS) test-builds
	@RUBRIC_FAULTS_BIN=$(CURDIR)/$(FAULTS_BUILD) tests/run build/asan

.PHONY: test-builds test-build-asan
test-builds: test-build-asan faults-build
test-build-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 all unit-tests

demo: deps all
	@rm -rf $(BUILD)/demo-index
	$(BUILD)/rubric-index -d $(BUILD)/demo-index corpus/article
	@for q in kidnap '"supreme court"' Élysée "cassez voice"; do \
	  echo; echo "\$$ rubric-search $$q"; \
	  $(BUILD)/rubric-search -d $(BUILD)/demo-index -n 3 --color=always $$q; \
	done

# Shell completion, generated from the programs' own option tables.
COMPLETION_DIR := $(BUILD)/completions
COMPLETIONS := $(foreach p,rubric-index rubric-search,\
	$(COMPLETION_DIR)/bash/$(p) $(COMPLETION_DIR)/zsh/_$(p) $(COMPLETION_DIR)/fish/$(p).fish)

completions: $(COMPLETIONS)

$(COMPLETION_DIR)/bash/%: $(PROGRAMS) build-aux/completions
	@mkdir -p $(@D)
	build-aux/completions $(BUILD)/$* bash >$@
$(COMPLETION_DIR)/zsh/_%: $(PROGRAMS) build-aux/completions
	@mkdir -p $(@D)
	build-aux/completions $(BUILD)/$* zsh >$@
$(COMPLETION_DIR)/fish/%.fish: $(PROGRAMS) build-aux/completions
	@mkdir -p $(@D)
	build-aux/completions $(BUILD)/$* fish >$@

install: all completions
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin/
	$(if $(MANPAGES),install -m 644 $(MANPAGES) $(DESTDIR)$(PREFIX)/share/man/man1/)
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 644 $(COMPLETION_DIR)/bash/* $(DESTDIR)$(PREFIX)/share/bash-completion/completions/
	install -m 644 $(COMPLETION_DIR)/zsh/* $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions/
	install -m 644 $(COMPLETION_DIR)/fish/* $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/

# The CLI tests again, each program run under valgrind memcheck.
check-valgrind: deps all
	@build-aux/install-packages valgrind
	@tests/valgrind.sh $(BUILD)

clean:
	rm -rf build

-include corpus/corpus.mk tests/bench/bench.mk tests/bench/scale.mk tests/eval/eval.mk \
	tests/tools/tools.mk tests/fuzz/fuzz.mk tests/tools/lang.mk tests/faults/faults.mk
-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
