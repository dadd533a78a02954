/* report.c: what rubric-index says on stderr: a file's problem, the
 * index's problem (a full disk in rubric's words, once for the run), and
 * the summary line. */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

#include "indexer.h"

void report(const char *what, const char *why)
{
	fprintf(stderr, PROG ": %s: %s\n", what, why);
}

/* Xapian and libc say it in the errno's words, which every message from
 * the binding and the store carries. */
static bool says_disk_full(const char *msg)
{
	return strstr(msg, strerror(ENOSPC)) || strstr(msg, strerror(EDQUOT));
}

static double megabytes(uint64_t bytes)
{
	return (double)bytes / (1024.0 * 1024.0);
}

/* A full disk is the index's problem whichever file was being read, and
 * every writer thread meets it: one line says it, with what the user needs
 * to know to free enough (what is free, and what this run had written
 * when it ran out: at least that much more is needed). */
static void report_disk_full(const run_config *cfg)
{
	static atomic_flag said = ATOMIC_FLAG_INIT;
	if (atomic_flag_test_and_set(&said))
		return;
	struct statvfs vfs;
	uint64_t now = 0;
	time_t newest = 0;
	index_disk_usage(cfg->db_path, &now, &newest);
	uint64_t free_bytes = statvfs(cfg->db_path, &vfs) == 0
				      ? (uint64_t)vfs.f_bavail * vfs.f_frsize : 0;
	uint64_t written = now > cfg->start_bytes ? now - cfg->start_bytes : 0;
	fprintf(stderr, PROG ": %s: the disk is full (%.1f MB free there; this run had"
		" written %.1f MB when it ran out): free space and run it again; the index"
		" keeps its last commit\n",
		cfg->db_path, megabytes(free_bytes), megabytes(written));
}

void report_index(const run_config *cfg, const char *msg)
{
	if (!msg) {
		report(cfg->db_path, "out of memory");
	} else if (says_disk_full(msg)) {
		report_disk_full(cfg);
	} else {
		size_t n = strlen(cfg->db_path);
		/* The store's messages name the index already. */
		if (strncmp(msg, cfg->db_path, n) == 0 && msg[n] == ':')
			fprintf(stderr, PROG ": %s\n", msg);
		else
			report(cfg->db_path, msg);
	}
}

void report_summary(const run_config *cfg, const counts *c, double seconds, bool stopped)
{
	size_t n = c->added + c->updated + c->unchanged + c->removed + c->skipped +
		   c->vanished + c->failed;
	fprintf(stderr, PROG ": %zu file%s: %zu added, %zu updated, %zu unchanged, %zu removed,"
		" %zu skipped, %zu vanished, %zu failed; %zu passages, %zu bytes in %.2f s into %s%s\n",
		n, n == 1 ? "" : "s", (size_t)c->added, (size_t)c->updated, (size_t)c->unchanged,
		(size_t)c->removed, (size_t)c->skipped, (size_t)c->vanished, (size_t)c->failed,
		(size_t)c->passages, (size_t)c->bytes, seconds, cfg->db_path,
		/* What the counts say was done may not have been committed. */
		stopped ? " (stopped: the index keeps its last commit)" : "");
}

void report_compacted(const run_config *cfg, uint64_t before, uint64_t after)
{
	fprintf(stderr, PROG ": %s: compacted: %.1f MB, was %.1f MB\n", cfg->db_path,
		megabytes(after), megabytes(before));
}
