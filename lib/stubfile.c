/* stubfile.c: a file named as an index checked for a Xapian stub's lines
 * (stubfile.h). */
#include "stubfile.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLANKS " \t\r\n"

/* Whether the one word `word` of a line names something that exists,
 * taken from the folder of the stub at `stub` unless it is absolute. */
static bool path_exists(const char *stub, const char *word, size_t len, bool *oom)
{
	const char *slash = strrchr(stub, '/');
	int dir_len = word[0] == '/' || !slash ? 0 : (int)(slash - stub) + 1;
	char *full = NULL;
	if (asprintf(&full, "%.*s%.*s", dir_len, stub, (int)len, word) < 0) {
		*oom = true;
		return false;
	}
	bool there = access(full, F_OK) == 0;
	free(full);
	return there;
}

/* Whether a line (not blank, not a comment) names a database. */
static bool names_database(const char *stub, const char *line, bool *oom)
{
	static const char *const types[] = { "auto", "glass", "chert", "honey", "remote" };
	const char *w = line + strspn(line, BLANKS);
	size_t len = strcspn(w, BLANKS);
	const char *rest = w + len + strspn(w + len, BLANKS);
	if (!*rest)  /* one word: "inmemory", or a path */
		return (len == 8 && memcmp(w, "inmemory", 8) == 0) ||
		       path_exists(stub, w, len, oom);
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strlen(types[i]) == len && memcmp(w, types[i], len) == 0)
			return true;
	return false;
}

rb_status rb_stub_check(const char *path, char **err)
{
	struct stat st;
	FILE *f;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(f = fopen(path, "r")))
		return RB_OK;
	char *line = NULL;
	size_t cap = 0, lineno = 0, named = 0;
	bool oom = false, bad = false;
	ssize_t len;
	while (!bad && !oom && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		const char *w = line + strspn(line, BLANKS);
		/* A NUL byte: a binary file, whatever its first bytes say. */
		bool binary = strlen(line) != (size_t)len;
		if (!binary && (*w == '\0' || *w == '#'))
			continue;
		bad = binary || !names_database(path, line, &oom);
		named++;
	}
	free(line);
	fclose(f);
	if (oom)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	if (bad)
		return rb_fail(err, RB_ERR_INDEX, "%s: not a rubric index or a Xapian stub"
			       " (its line %zu names no database)", path, lineno);
	if (!named)
		return rb_fail(err, RB_ERR_INDEX, "%s: not a rubric index or a Xapian stub"
			       " (it names no database)", path);
	return RB_OK;
}
