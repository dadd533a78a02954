/* lang-accuracy: how well rb_langdetect labels the fortune files, and what
 * it costs per document.
 *
 *   lang-accuracy [-t THREADS] [ROOT]    ROOT defaults to corpus/related
 *
 * Accuracy: every file under ROOT/fortunes-en, -es and -de (one fortune per
 * file; the folder gives the true language) is labelled as rubric-index
 * --lang auto labels it: by CLD2 (lib/langdetect) when it gives a reliable
 * answer, else by its context (lib/langcontext: the languages detected
 * for its folder's other fortunes), else English.  Prints, for fortunes
 * under 10 words, of 10-19 and of 20 or more (split on whitespace), per
 * language: fortunes, correct, wrong, labelled by context, accuracy, the
 * goal, and the most frequent wrong labels.
 *
 * Cost: every file under ROOT (all of it, read into memory first) is
 * labelled once more, by THREADS threads (default 2, one handle each, as the
 * indexer does); prints CPU time per document and the wall time.
 *
 * Exits 1 when a language in a length band is under its goal (English 99%,
 * Spanish and German 95%) or the fortunes are missing, 2 on errors.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "langcontext.h"
#include "langdetect.h"


typedef struct {
	char *text;
	char *path;
	size_t len;
	int lang;        /* index into langs[], or -1 outside the fortunes */
} doc;

static const struct { const char *dir, *name; double goal; } langs[] = {
	{"fortunes-en", "english", 99.0}, {"fortunes-es", "spanish", 95.0},
	{"fortunes-de", "german", 95.0},
};
#define N_LANGS (int)(sizeof langs / sizeof langs[0])

/* Lengths reported apart (whitespace-separated words). */
static const struct { const char *name; size_t from, to; } bands[] = {
	{"under 10", 0, 9}, {"10-19", 10, 19}, {"20 or more", 20, (size_t)-1},
};
#define N_BANDS (int)(sizeof bands / sizeof bands[0])

static doc *docs;
static size_t n_docs, cap_docs;
static int cur_lang;
static int read_errors;

static int read_all(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	while (b) {
		size_t k = fread(b + n, 1, cap - n, f);
		n += k;
		if (n < cap)
			break;
		char *nb = realloc(b, cap *= 2);
		if (!nb) {
			free(b);
			b = NULL;
		}
		b = nb;
	}
	int bad = ferror(f);
	fclose(f);
	if (!b || bad) {
		free(b);
		return -1;
	}
	*buf = b;
	*len = n;
	return 0;
}

static int add_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type != FTW_F)
		return 0;
	if (n_docs == cap_docs) {
		cap_docs = cap_docs ? 2 * cap_docs : 4096;
		doc *nd = realloc(docs, cap_docs * sizeof *docs);
		if (!nd)
			return -1;
		docs = nd;
	}
	doc *d = &docs[n_docs];
	if (read_all(path, &d->text, &d->len) != 0) {
		fprintf(stderr, "lang-accuracy: %s: %s\n", path, strerror(errno));
		read_errors++;
		return 0;
	}
	if (!(d->path = strdup(path))) {
		free(d->text);
		return -1;
	}
	d->lang = cur_lang;
	n_docs++;
	return 0;
}

static size_t count_words(const char *s, size_t len)
{
	size_t n = 0;
	int in = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int sp = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

static double now(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef struct {
	size_t from, to;
	double cpu;
	int failed;
} slice;

static void *label_slice(void *arg)
{
	slice *s = arg;
	rb_langdetect *d;
	if (rb_langdetect_new(&d, NULL) != RB_OK) {
		s->failed = 1;
		return NULL;
	}
	double t0 = now(CLOCK_THREAD_CPUTIME_ID);
	for (size_t i = s->from; i < s->to; i++)
		(void)rb_langdetect_guess(d, docs[i].text, docs[i].len, "english");
	s->cpu = now(CLOCK_THREAD_CPUTIME_ID) - t0;
	rb_langdetect_free(d);
	return NULL;
}

/* Wrong labels of one language, counted by label. */
typedef struct {
	const char *label[64];
	size_t count[64];
	int n;
} tally;

static void tally_add(tally *t, const char *label)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->label[i], label) == 0) {
			t->count[i]++;
			return;
		}
	if (t->n < 64) {
		t->label[t->n] = label;
		t->count[t->n++] = 1;
	}
}

int main(int argc, char **argv)
{
	const char *root = "corpus/related";
	int threads = 2;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
			threads = atoi(argv[++i]);
		else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: lang-accuracy [-t THREADS] [ROOT]\n");
			return 2;
		} else
			root = argv[i];
	}
	if (threads < 1 || threads > 64)
		threads = 2;

	/* The fortunes first (their language known), then the rest of ROOT. */
	char path[4096];
	for (cur_lang = 0; cur_lang < N_LANGS; cur_lang++) {
		snprintf(path, sizeof path, "%s/%s", root, langs[cur_lang].dir);
		if (nftw(path, add_file, 32, FTW_PHYS) != 0) {
			fprintf(stderr, "lang-accuracy: %s: cannot walk (make corpus?)\n", path);
			return 1;
		}
	}
	size_t n_fortunes = n_docs;
	cur_lang = -1;
	static const char *others[] = {"sotu", "spam-assassin", "bible-kjv"};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", root, others[i]);
		(void)nftw(path, add_file, 32, FTW_PHYS);   /* optional */
	}

	rb_langdetect *d;
	char *err = NULL;
	if (rb_langdetect_new(&d, &err) != RB_OK) {
		fprintf(stderr, "lang-accuracy: %s\n", err ? err : "cannot create detector");
		return 2;
	}
	/* As the indexer labels them: each fortune detected, the reliable
	 * ones noted in the context; then each of the others takes its
	 * context's language, else English. */
	rb_langctx *ctx;
	if (rb_langctx_new(&ctx, &err) != RB_OK) {
		fprintf(stderr, "lang-accuracy: %s\n", err ? err : "cannot create context");
		return 2;
	}
	const char **label = calloc(n_fortunes + 1, sizeof *label);
	if (!label) {
		fprintf(stderr, "lang-accuracy: out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < n_fortunes; i++) {
		label[i] = rb_langdetect_guess(d, docs[i].text, docs[i].len, NULL);
		if (label[i] && rb_langctx_note(ctx, docs[i].path, label[i], &err) != RB_OK) {
			fprintf(stderr, "lang-accuracy: %s\n", err ? err : "out of memory");
			return 2;
		}
	}
	rb_langdetect_free(d);

	int below = 0;
	size_t all = 0, all_ok = 0;
	for (int b = 0; b < N_BANDS; b++) {
		size_t total[N_LANGS] = {0}, correct[N_LANGS] = {0}, context[N_LANGS] = {0};
		tally wrong[N_LANGS];
		memset(wrong, 0, sizeof wrong);
		for (size_t i = 0; i < n_fortunes; i++) {
			doc *x = &docs[i];
			size_t w = count_words(x->text, x->len);
			if (w < bands[b].from || w > bands[b].to)
				continue;
			const char *got = label[i];
			if (!got) {
				context[x->lang]++;
				got = rb_langctx_choose(ctx, x->path);
				if (!got)
					got = "english";
			}
			total[x->lang]++;
			if (strcmp(got, langs[x->lang].name) == 0)
				correct[x->lang]++;
			else
				tally_add(&wrong[x->lang], got);
		}
		printf("Fortunes of %s words (by context: detection had no reliable answer):\n\n",
		       bands[b].name);
		printf("%-10s %9s %8s %6s %9s %9s %6s  wrong labels\n", "language", "fortunes",
		       "correct", "wrong", "context", "accuracy", "goal");
		size_t band = 0, band_ok = 0, band_ctx = 0;
		for (int l = 0; l < N_LANGS; l++) {
			double acc = total[l] ? 100.0 * (double)correct[l] / (double)total[l] : 0;
			if (total[l] && acc < langs[l].goal)
				below = 1;
			printf("%-10s %9zu %8zu %6zu %9zu %8.2f%% %5.0f%%", langs[l].name, total[l],
			       correct[l], total[l] - correct[l], context[l], acc, langs[l].goal);
			for (int k = 0; k < wrong[l].n; k++)
				printf(" %s=%zu", wrong[l].label[k], wrong[l].count[k]);
			printf("\n");
			band += total[l];
			band_ok += correct[l];
			band_ctx += context[l];
		}
		printf("%-10s %9zu %8zu %6zu %9zu %8.2f%%\n\n", "all", band, band_ok,
		       band - band_ok, band_ctx, band ? 100.0 * (double)band_ok / (double)band : 0);
		all += band;
		all_ok += band_ok;
	}
	printf("All fortunes: %zu, %.2f%% right\n\n", all,
	       all ? 100.0 * (double)all_ok / (double)all : 0);
	free(label);
	rb_langctx_free(ctx);

	/* Cost over every file, THREADS threads with a handle each. */
	pthread_t tid[64];
	slice sl[64];
	double w0 = now(CLOCK_MONOTONIC);
	for (int t = 0; t < threads; t++) {
		sl[t] = (slice){n_docs * (size_t)t / (size_t)threads,
				n_docs * (size_t)(t + 1) / (size_t)threads, 0, 0};
		if (pthread_create(&tid[t], NULL, label_slice, &sl[t]) != 0) {
			fprintf(stderr, "lang-accuracy: cannot start a thread\n");
			return 2;
		}
	}
	double cpu = 0;
	for (int t = 0; t < threads; t++) {
		pthread_join(tid[t], NULL);
		if (sl[t].failed) {
			fprintf(stderr, "lang-accuracy: cannot create detector\n");
			return 2;
		}
		cpu += sl[t].cpu;
	}
	double wall = now(CLOCK_MONOTONIC) - w0;
	size_t bytes = 0;
	for (size_t i = 0; i < n_docs; i++)
		bytes += docs[i].len;
	printf("Cost: %zu files (%.1f MB) under %s, first %d bytes of each: "
	       "%.2f us CPU per file, %.3f s CPU, %.3f s wall on %d threads\n",
	       n_docs, (double)bytes / 1e6, root, RB_LANGDETECT_MAX_BYTES,
	       n_docs ? cpu / (double)n_docs * 1e6 : 0, cpu, wall, threads);

	for (size_t i = 0; i < n_docs; i++) {
		free(docs[i].text);
		free(docs[i].path);
	}
	free(docs);
	if (read_errors)
		return 2;
	return below ? 1 : 0;
}
