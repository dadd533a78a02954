/* cmdline.h: rubric-search's command line read into what a run needs.
 *
 * Options are read up to the first query word (or "--").  After it, only
 * an option's exact name (-n, --json, --limit=5) is an option, so that a
 * query is written as users write it: "lantern -from:bob" and "gasket
 * -galway" are a word and a NOT.  Any other -word is part of the query; an
 * unknown --word is an error (no query word starts with --); "--" still
 * ends the options.
 */
#ifndef RUBRIC_CMDLINE_H
#define RUBRIC_CMDLINE_H

#include <stddef.h>

#include "config.h"
#include "search.h"

#define CMDLINE_MAX_DBS 64

typedef enum { CMDLINE_RUN, CMDLINE_HELP, CMDLINE_VERSION } cmdline_action;

typedef struct {
	cmdline_action action;
	search_args args;              /* args.dbs points into dbs */
	const char *dbs[CMDLINE_MAX_DBS];
	long jobs;                     /* -j; 0: the cores */
	int null_path;                 /* -0 */
	const char *color;             /* auto, always or never */
	/* --config, or the default file: what the command line leaves unsaid
	 * (cmdline_read merges it), and the paths made from it. */
	const char *config_path;
	rb_config config;
	char *owned[CMDLINE_MAX_DBS];
	size_t n_owned;
	const char *queries_from;      /* --queries-from FILE, or NULL */
	char **words;                  /* the query's words, in order (argv's) */
	size_t n_words;
} cmdline;

/* Reads argv into c: 0 (c->action says whether to run, or print the
 * help or the version), or 2 with *err set (malloc'd; NULL when out of
 * memory).  c must not be copied (args.dbs points into it). */
int cmdline_read(int argc, char **argv, cmdline *c, char **err);
void cmdline_free(cmdline *c);

#endif
