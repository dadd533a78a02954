/* status.c: rubric-index --status, what an index holds. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "indexer.h"
#include "roots.h"
#include "store.h"
#include "ingest.h"

static int count_file(const char *path, size_t len, const rb_filestate *st, void *ctx)
{
	(void)path;
	(void)len;
	(void)st;
	(*(size_t *)ctx)++;
	return 0;
}

/* Metadata is per shard (a search reads the first's): count in each. */
static rb_status count_files(const char *db_path, const char *gen, unsigned shards,
			     size_t *files, char **err)
{
	rb_status rc = RB_OK;
	for (unsigned s = 0; s < shards && !rc; s++) {
		char *p = rb_store_shard_path(db_path, gen, s, shards), *msg = NULL;
		xc_db *db = NULL;
		xc_status xs = p ? xc_db_open(p, &db, &msg) : XC_ERR_NO_MEMORY;
		if (xs)
			rc = rb_store_error(db_path, NULL, xs, msg, err);
		else
			rc = rb_filestate_each_db(db, count_file, files, err);
		xc_db_close(db);
		free(msg);
		free(p);
	}
	return rc;
}

typedef struct {
	char *text;          /* "english 123\n..." */
	size_t len, cap;
} lang_counts;

static int on_lang(const char *term, size_t len, uint32_t freq, void *ctx)
{
	lang_counts *l = ctx;
	size_t need = len + 24;
	if (l->len + need > l->cap) {
		size_t cap = (l->cap + need) * 2;
		char *p = realloc(l->text, cap);
		if (!p)
			return 1;
		l->text = p;
		l->cap = cap;
	}
	l->len += (size_t)snprintf(l->text + l->len, l->cap - l->len, "%.*s %u\n",
				   (int)(len - strlen(RB_LANG_PREFIX)),
				   term + strlen(RB_LANG_PREFIX), freq);
	return 0;
}

/* Bytes on disk under the index folder, and the newest modification: the
 * last commit. */
void index_disk_usage(const char *dir, uint64_t *bytes, time_t *newest)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = NULL;
		struct stat st;
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0)
			break;
		if (lstat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				index_disk_usage(p, bytes, newest);
			} else {
				*bytes += (uint64_t)st.st_blocks * 512;
				if (st.st_mtime > *newest && strcmp(e->d_name, "lock"))
					*newest = st.st_mtime;
			}
		}
		free(p);
	}
	if (d)
		closedir(d);
}

#define MAX_MODES 8

typedef struct {
	mode_t folders[MAX_MODES], files[MAX_MODES];
	size_t n_folders, n_files;
	const char *who;     /* "owner", "group", "all" */
	const char *label;   /* "owner only", ... */
} access_info;

/* Who can read the index: others reach a file through the index folder
 * (execute bit) and read it (read bit). */
static void get_access(const char *db_path, access_info *a)
{
	rb_store_modes(db_path, a->folders, &a->n_folders, a->files, &a->n_files, MAX_MODES);
	mode_t top = a->n_folders ? a->folders[0] : 0, any = 0;
	for (size_t i = 0; i < a->n_files; i++)
		any |= a->files[i];
	if ((top & 0001) && (any & 0004)) {
		a->who = "all";
		a->label = "every user can read it";
	} else if ((top & 0010) && (any & 0040)) {
		a->who = "group";
		a->label = "its owner and group can read it";
	} else {
		a->who = "owner";
		a->label = "owner only";
	}
}

static size_t modes_text(char *out, size_t len, const mode_t *v, size_t n)
{
	size_t at = 0;
	for (size_t i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(out + at, len - at, "%s%04o", i ? "/" : "", (unsigned)v[i]);
	if (n == 0 && len)
		at = (size_t)snprintf(out, len, "-");
	return at < len ? at : len;
}

void index_access(const char *db_path, char *text, size_t len)
{
	access_info a;
	char folders[64], files[64];
	get_access(db_path, &a);
	modes_text(folders, sizeof folders, a.folders, a.n_folders);
	modes_text(files, sizeof files, a.files, a.n_files);
	snprintf(text, len, "%s (folders %s, files %s)", a.label, folders, files);
}

static json_t *modes_json(const mode_t *v, size_t n)
{
	json_t *a = json_array();
	char m[8];
	for (size_t i = 0; a && i < n; i++) {
		snprintf(m, sizeof m, "%04o", (unsigned)v[i]);
		json_array_append_new(a, json_string(m));
	}
	return a;
}

/* One root a line: a control character in its name (a newline) is shown
 * as an escape, as ls -b does, so that a line is a root. */
static void print_root(const char *root)
{
	fputs("  ", stdout);
	for (const unsigned char *p = (const unsigned char *)root; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", stdout);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\%03o", *p);
		else
			putchar(*p);
	}
	putchar('\n');
}

int index_status(const char *db_path, int json)
{
	xc_db *db = NULL;
	char *err = NULL, *lang = NULL, *roots = NULL, *gen = NULL, *text = NULL;
	size_t lang_len, roots_len, text_len = 0, files = 0;
	uint32_t passages = 0;
	uint64_t terms = 0, bytes = 0;
	time_t newest = 0;
	unsigned shards = 0;
	if (rb_store_open_reader(db_path, &db, &err) ||
	    rb_store_current(db_path, &gen, &shards, &err) ||
	    xc_db_doccount(db, &passages, &err) ||
	    xc_db_termcount(db, &terms, &err) ||
	    xc_db_get_metadata(db, RB_META_LANG, &lang, &lang_len, &err) ||
	    xc_db_get_metadata(db, RB_META_ROOTS, &roots, &roots_len, &err) ||
	    xc_db_get_metadata(db, RB_META_TEXT, &text, &text_len, &err) ||
	    count_files(db_path, gen, shards, &files, &err)) {
		fprintf(stderr, PROG ": %s\n", err ? err : "out of memory");
		free(err);
		free(lang);
		free(roots);
		free(text);
		free(gen);
		xc_db_close(db);
		return 2;
	}
	rb_roots rl = { 0 };
	if (rb_roots_parse(roots, roots_len, &rl, NULL))
		fprintf(stderr, PROG ": %s: out of memory\n", db_path);
	lang_counts langs = { 0 };
	if (xc_db_each_term(db, RB_LANG_PREFIX, on_lang, &langs, &err)) {
		fprintf(stderr, PROG ": %s\n", err ? err : "out of memory");
		free(err);
		err = NULL;
	}
	/* Where the passages' text is (rubric-index --store-text). */
	int stored = text_len == strlen(RB_TEXT_STORED) && memcmp(text, RB_TEXT_STORED, text_len) == 0;
	const char *text_mode = stored ? "stored (--store-text)"
				       : "read back where its file holds it, else stored";
	index_disk_usage(db_path, &bytes, &newest);
	char when[64] = "";
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", localtime(&newest));
	if (json) {
		json_t *rs = json_array();
		for (size_t i = 0; i < rl.n; i++)
			json_array_append_new(rs, json_string(rl.v[i]));
		json_t *ls = json_object();
		for (char *p = langs.text, *nl; p && *p && (nl = strchr(p, '\n')); p = nl + 1) {
			char *sp = strchr(p, ' ');
			*sp = '\0';
			json_object_set_new(ls, p, json_integer(atoll(sp + 1)));
			*sp = ' ';
		}
		access_info a;
		get_access(db_path, &a);
		json_t *o = json_pack("{s:s,s:s,s:s?,s:I,s:s,s:o,s:I,s:I,s:s,s:I,s:I,s:o,s:s,s:s,"
				      "s:{s:o,s:o}}",
			"type", "status", "index", db_path, "database", gen,
			"shards", (json_int_t)shards,
			"lang", lang_len ? lang : "english", "languages", ls,
			"files", (json_int_t)files, "passages", (json_int_t)passages,
			"text", stored ? "stored" : "read back",
			"terms", (json_int_t)terms, "bytes", (json_int_t)bytes,
			"roots", rs, "last_commit", when, "access", a.who,
			"modes", "folders", modes_json(a.folders, a.n_folders),
			"files", modes_json(a.files, a.n_files));
		if (o) {
			json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
			putchar('\n');
		}
		json_decref(o);
	} else {
		printf("index:       %s\ndatabase:    %s (%u shard%s)\nlanguage:    %s\nfiles:       %zu\n"
		       "passages:    %u\ntext:        %s\nterms:       %llu\nsize:        %llu bytes\n"
		       "last commit: %s\n",
		       db_path, gen ? gen : "-", shards, shards == 1 ? "" : "s", lang_len ? lang : "english", files, passages,
		       text_mode, (unsigned long long)terms, (unsigned long long)bytes, when);
		char who[200];
		index_access(db_path, who, sizeof who);
		printf("access:      %s\n", who);
		printf("languages (passages):");
		for (char *p = langs.text, *nl; p && *p && (nl = strchr(p, '\n')); p = nl + 1)
			printf(" %.*s", (int)(nl - p), p);
		printf("\nroots:\n");
		for (size_t i = 0; i < rl.n; i++)
			print_root(rl.v[i]);
	}
	free(langs.text);
	free(lang);
	free(roots);
	rb_roots_free(&rl);
	free(text);
	free(gen);
	xc_db_close(db);
	return 0;
}
