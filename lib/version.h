/* version.h: rubric's version, and those of the libraries it runs with.
 *
 * Xapian is a shared library: its version is the one loaded at run time.
 * utf8proc and libstemmer are linked statically (see the Makefile), so the
 * versions they were built from are the ones that run.  libstemmer has no
 * version function: its version is the Debian package's at build time
 * (RB_STEMMER_VERSION, set by the Makefile from dpkg-query), "unknown" when
 * the build could not tell.
 */
#ifndef RUBRIC_VERSION_H
#define RUBRIC_VERSION_H

#define RB_VERSION "0.2.0"

#ifdef __cplusplus
extern "C" {
#endif

const char *rb_version(void);
const char *rb_version_utf8proc(void);
const char *rb_version_stemmer(void);

/* What --version prints, malloc'd (NULL when out of memory):
 *   PROG 0.2.0
 *   Xapian 1.4.22
 *   utf8proc 2.8.0
 *   libstemmer 2.2.0-2 (Snowball, 29 languages)
 */
char *rb_version_text(const char *prog);

#ifdef __cplusplus
}
#endif

#endif
