/* progress.c: a live line on a terminal: files done of total, MB/s, ETA. */
#include <stdio.h>
#include <time.h>

#include "indexer.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void progress_show(const run_config *cfg, counts *c, size_t total, int final)
{
	static double started, last;
	if (!cfg->progress)
		return;
	double t = now();
	if (started == 0)
		started = t;
	if (!final && t - last < 0.25)
		return;
	last = t;
	size_t done = c->done;
	double secs = t - started, mb = (double)c->bytes / 1e6;
	double rate = secs > 0 ? mb / secs : 0;
	double eta = done && done < total ? secs * (double)(total - done) / (double)done : 0;
	fprintf(stderr, "\r\033[K%zu/%zu files, %.1f MB/s, ETA %.0f s", done, total,
		rate, eta);
	if (final)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}
