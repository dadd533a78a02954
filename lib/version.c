#include "version.h"

#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "xapian_c.h"

#ifndef RB_STEMMER_VERSION
#define RB_STEMMER_VERSION "unknown"
#endif

const char *rb_version(void)
{
	return RB_VERSION;
}

const char *rb_version_utf8proc(void)
{
	return utf8proc_version();
}

const char *rb_version_stemmer(void)
{
	return RB_STEMMER_VERSION[0] ? RB_STEMMER_VERSION : "unknown";
}

char *rb_version_text(const char *prog)
{
	size_t langs = 0;
	for (const char **l = sb_stemmer_list(); l && *l; l++)
		langs++;
	char *out = NULL;
	if (asprintf(&out, "%s %s\nXapian %s\nutf8proc %s\nlibstemmer %s (Snowball, %zu languages)\n",
		     prog, rb_version(), xc_version(), rb_version_utf8proc(),
		     rb_version_stemmer(), langs) < 0)
		return NULL;
	return out;
}
