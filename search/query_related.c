/* query_related.c: an English word's related words, WordNet's synonyms of
 * it in every sense, for ranking the partial hits of a query that nothing
 * holds whole.  A reader asks "when was cassez freed" of a text that says
 * she "was free to fly home"; the stemmer keeps "freed" apart from "free",
 * and only a lexicon joins them (or "jail" and "imprison", "help" and
 * "assistance").  Full hits never use them: a match stays a match of the
 * words typed.
 *
 * WordNet is read through its own C library (Debian's wordnet-dev), whose
 * files it finds at WNSEARCHDIR or where Debian installs them; without
 * them a query simply has no related words. */
#include "query_internal.h"

#include <stdlib.h>
#include <string.h>

#include <wn.h>

/* Related words weigh this much of a word typed (article questions,
 * tests/cli/article_questions.sh: see tests/eval/RESULTS.md). */
#define RELATED_WEIGHT 0.5
/* A word's first senses in each part of speech: WordNet lists them most
 * frequent first, and the rarer ones bring more noise than answers ("say"
 * as in "read, say": the article's "Read Full Article").  Measured on
 * the article questions: 1, 2 or 3 senses answer as many, 5 fewer, all
 * fewer still (tests/eval/RESULTS.md). */
#define RELATED_SENSES 3
/* A bound for words with many synonyms in their first senses. */
#define RELATED_MAX 40

static int wordnet_state;  /* 0 not tried, 1 open, -1 not available */

/* The library reports through this hook; lib code never prints. */
static int say_nothing(char *message)
{
	(void)message;
	return 0;
}

static bool wordnet_open(void)
{
	if (!wordnet_state) {
		display_message = say_nothing;
		wordnet_state = wninit() == 0 ? 1 : -1;
	}
	return wordnet_state > 0;
}

/* A WordNet lemma as an index word: lower case letters only (no
 * collocations such as "give_up", no markers such as "(a)"). */
static bool as_word(const char *lemma, char *out, size_t size)
{
	size_t n = strlen(lemma);
	if (n == 0 || n >= size)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = lemma[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c < 'a' || c > 'z')
			return false;
		out[i] = c;
	}
	out[n] = '\0';
	return true;
}

static void add_words(SynsetPtr s, const char *word, word_list *out)
{
	for (int i = 0; i < s->wcount && out->n < RELATED_MAX; i++) {
		char w[64];
		if (as_word(s->words[i], w, sizeof w) && strcmp(w, word) != 0)
			query_word_add(w, strlen(w), out);
	}
}

static void add_synsets(const char *form, int pos, const char *word, word_list *out)
{
	char buf[WORDBUF];
	snprintf(buf, sizeof buf, "%s", form);
	SynsetPtr first = findtheinfo_ds(buf, pos, SYNS, ALLSENSES);
	int sense = 0;
	for (SynsetPtr s = first; s && !out->oom && sense < RELATED_SENSES; s = s->nextss, sense++)
		add_words(s, word, out);
	free_syns(first);
}

int query_related_words(const char *word, word_list *out)
{
	static const int parts_of_speech[] = { VERB, NOUN, ADJ };
	char w[64];
	if (!as_word(word, w, sizeof w) || !wordnet_open())
		return 0;
	for (size_t k = 0; k < sizeof parts_of_speech / sizeof *parts_of_speech; k++) {
		int pos = parts_of_speech[k];
		/* The word may be inflected ("freed", "told"): its base forms
		 * are what WordNet lists. */
		char form[WORDBUF];
		snprintf(form, sizeof form, "%s", w);
		add_synsets(form, pos, w, out);
		for (char *base = morphstr(form, pos); base; base = morphstr(NULL, pos)) {
			if (strcmp(base, w) == 0)
				continue;
			char b[64];
			if (as_word(base, b, sizeof b))
				query_word_add(b, strlen(b), out);
			add_synsets(base, pos, w, out);
		}
	}
	return out->oom ? -1 : 0;
}

xc_query *query_with_related(parser *p, query_node *n, xc_query *word)
{
	size_t nl = p->opts->n_langs, english = SIZE_MAX;
	for (size_t i = 0; i < nl; i++)
		if (strcmp(p->opts->langs[i], "english") == 0)
			english = i;
	if (!word || n->kind != N_WORD || english == SIZE_MAX)
		return word;
	word_list related = { 0 }, family = { 0 }, own = { .v = n->words, .n = n->n_words };
	xc_query *q = word;
	if (query_related_words(n->terms[0], &related)) {
		p->oom = true;
		goto out;
	}
	for (size_t i = 0; i < related.n; i++) {
		word_list f = { 0 };
		if (query_expand_word(p, related.v[i], english, &f)) {
			query_words_free(&f);
			goto fail;
		}
		for (size_t k = 0; k < f.n; k++)
			if (!query_words_hold(&own, f.v[k], strlen(f.v[k])))
				query_word_add(f.v[k], strlen(f.v[k]), &family);
		query_words_free(&f);
	}
	if (family.oom) {
		p->oom = true;
		goto fail;
	}
	if (family.n == 0)
		goto out;
	xc_query *syn = query_synonym_of(p, &family), *scaled = NULL;
	if (syn && nl > 1) {
		bool *mine = calloc(nl, sizeof *mine);
		xc_query *only = NULL;
		if (mine) {
			mine[english] = true;
			only = query_restrict_to_languages(p, mine, syn);
		} else {
			p->oom = true;
		}
		free(mine);
		xc_query_free(syn);
		syn = only;
	}
	if (!syn || xc_query_scale(syn, RELATED_WEIGHT, &scaled, &p->err)) {
		xc_query_free(syn);
		goto fail;
	}
	xc_query_free(syn);
	/* --explain weighs them apart; the node keeps the words it found. */
	if (xc_query_combine(XC_OP_OR, &scaled, 1, 0, &n->related_xq, &p->err)) {
		n->related_xq = NULL;
		xc_query_free(scaled);
		goto fail;
	}
	n->related = family.v;
	n->n_related = family.n;
	memset(&family, 0, sizeof family);
	xc_query *pair[2] = { word, scaled };
	if (xc_query_combine(XC_OP_OR, pair, 2, 0, &q, &p->err))
		q = NULL;
	xc_query_free(scaled);
	xc_query_free(word);
	goto out;
fail:
	xc_query_free(word);
	q = NULL;
out:
	query_words_free(&related);
	query_words_free(&family);
	return q;
}
