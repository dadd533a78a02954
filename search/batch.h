/* batch.h: the queries of --queries-from answered by worker processes,
 * printed in the queries' order, byte for byte as one process prints them.
 *
 * Processes, not threads: each worker opens the index itself, and
 * nothing in the search (its caches, Xapian's handles, the libraries'
 * state) is shared.  A worker answers queries k, k + jobs, ... with
 * `answer`, its standard output and error going to memory files; after
 * each query it sends what the query printed to the parent, which prints
 * it in turn.
 */
#ifndef RUBRIC_BATCH_H
#define RUBRIC_BATCH_H

#include <stdbool.h>
#include <stddef.h>

/* What answering one query gave, for the run's exit status. */
typedef struct {
	bool matched;        /* it found something (exit 0) */
	bool malformed;      /* it was malformed (said on stderr; exit 2) */
	bool stop;           /* an error that ends the run (exit 2): *err */
} batch_outcome;

/* Answers query i, printing to stdout and stderr as the run does; on a
 * stop, *err (malloc'd, may stay NULL) says why. */
typedef batch_outcome (*batch_answer_fn)(size_t i, void *ctx, char **err);

/* The workers a run of n queries uses, given -j (0: the cores): 1 means
 * answer in this process. */
unsigned batch_workers(long jobs, size_t n);

/* Answers queries 0..n-1 with `workers` processes and prints their output
 * in order; a warning line ("PROG: warning: ...") is printed once
 * whichever workers print it.  Returns the outcomes combined: matched if
 * any matched, malformed if any was, stop at the first stop (the queries
 * after it are not printed).  *err: a stop's message, or why the workers
 * could not run. */
batch_outcome batch_answer(size_t n, unsigned workers, batch_answer_fn answer, void *ctx,
			   char **err);

#endif
