/* cmdline.h: rubric-index's command line read into what a run needs.
 *
 * Each option is one row of a table (cmdline.c) from which getopt's
 * tables and --help are made; tests/cli/options_agree.sh checks that the
 * man page and the option tables of the docs name the same options.
 */
#ifndef RUBRIC_INDEX_CMDLINE_H
#define RUBRIC_INDEX_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "format.h"
#include "store.h"

typedef enum {
	CMDLINE_RUN,
	CMDLINE_HELP,
	CMDLINE_VERSION,
	CMDLINE_LANGUAGES      /* --lang list */
} cmdline_action;

typedef struct {
	cmdline_action action;
	const char *db;        /* -d, or NULL: the default index */
	const char *lang;      /* --lang as libstemmer names it, "auto" or "none";
				  NULL: the index's */
	rb_format format;      /* --format, or RB_FORMAT_AUTO */
	const char *files_from;
	bool nul, rebuild, compact, store_text, wait, watch, status, json, quiet;
	bool no_ignore;        /* --no-ignore */
	rb_share share;        /* --shared, --private, or RB_SHARE_DEFAULT */
	unsigned shards;       /* --shards; 0: the index's */
	long jobs;             /* -j; default: the cores */
	/* Repeated options and the PATHs, in argv's strings (--lang-for's
	 * GLOB=LANG checked). */
	char **excludes, **lang_for, **forget, **filters;
	size_t n_excludes, n_lang_for, n_forget, n_filters;
	char **paths;
	size_t n_paths;
	/* --config, or the default file: what the command line leaves unsaid
	 * (cmdline_read merges it), and the strings made from it. */
	const char *config_path;
	rb_config config;
	char **config_roots;   /* the file's roots: what a run without PATH indexes */
	size_t n_config_roots;
	char **owned;
	size_t n_owned;
} index_cmdline;

/* Reads argv into c: 0 (c->action says whether to run, or print the help,
 * the version or the languages), or 2 with *err set (malloc'd; NULL when
 * out of memory).  Stops at --help and --version. */
int cmdline_read(int argc, char **argv, index_cmdline *c, char **err);
void cmdline_free(index_cmdline *c);
/* --help, made from the option table. */
void cmdline_usage(FILE *f);

#endif
