/* rb_wildmatch (lib/wildmatch.h) on cases of git's own wildmatch tests
 * (t3070: stars, sets, classes, escapes, two stars between slashes), and
 * rb_ignore_path (lib/ignore.h) on a tree made here: negation, anchoring,
 * folder-only patterns, a nested file over its parent's, the order of the
 * three files, a folder left out holding a re-included name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ignore.h"
#include "wildmatch.h"

static const struct {
	const char *pattern, *text;
	bool pathname, match;
} CASES[] = {
	{ "foo", "foo", true, true },           { "bar", "foo", true, false },
	{ "", "", true, true },                 { "???", "foo", true, true },
	{ "??", "foo", true, false },           { "*", "foo", true, true },
	{ "f*", "foo", true, true },            { "*f", "foo", true, false },
	{ "*foo*", "foo", true, true },         { "*", "", true, true },
	{ "\\*", "*", true, true },             { "\\*", "a", true, false },
	{ "*/foo", "bar/baz/foo", true, false }, { "**/foo", "foo", true, true },
	{ "**/foo", "XXX/foo", true, true },    { "**/foo", "bar/baz/foo", true, true },
	{ "**/bar*", "foo/bar/baz", true, false },
	{ "**/bar/*", "deep/foo/bar/baz", true, true },
	{ "**/bar/*", "deep/foo/bar/baz/", true, false },
	{ "**/bar/**", "deep/foo/bar/baz/", true, true },
	{ "**/bar/*", "deep/foo/bar", true, false },
	{ "**/bar/**", "deep/foo/bar/", true, true },
	{ "*/bar/**", "foo/bar/baz/x", true, true },
	{ "foo/**/bar", "foo/bar", true, true }, { "foo/**/bar", "foo/a/b/bar", true, true },
	{ "a/**", "a/b/c", true, true },        { "a/**", "a", true, false },
	{ "**", "a/b", true, true },            { "a**b", "a/b", true, false },
	{ "a**b", "axxb", true, true },         { "foo*bar", "foo/baz/bar", false, true },
	{ "foo*bar", "foo/baz/bar", true, false }, { "foo?bar", "foo/bar", true, false },
	{ "[a-c]", "b", true, true },           { "[!a-c]", "b", true, false },
	{ "[^a-c]", "d", true, true },          { "[]]", "]", true, true },
	{ "[!]]", "a", true, true },            { "[!]]", "]", true, false },
	{ "[[:alpha:]]", "a", true, true },     { "[[:digit:]]", "a", true, false },
	{ "[[:digit:][:upper:]]", "Q", true, true }, { "[[:nope:]]", "a", true, false },
	{ "a[", "a[", true, false },            { "[\\]]", "]", true, true },
	{ "[a-]", "-", true, true },            { "a[/]b", "a/b", true, false },
	{ "*.[oa]", "x.a", true, true },        { "*.[oa]", "x.c", true, false },
};

static void test_wildmatch(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		bool got = rb_wildmatch(CASES[i].pattern, CASES[i].text, CASES[i].pathname);
		if (got != CASES[i].match)
			fail_msg("'%s' on '%s' (pathname %d): %d, want %d", CASES[i].pattern,
				 CASES[i].text, CASES[i].pathname, got, CASES[i].match);
	}
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static bool ignored(const char *dir, const char *rel, bool is_dir)
{
	char path[512];
	bool out = false;
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	assert_int_equal(rb_ignore_path(path, is_dir, &out, NULL), RB_OK);
	return out;
}

static void test_ignore_path(void **state)
{
	(void)state;
	char dir[] = "/tmp/rubric-ignore-XXXXXX", sub[600];
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	put(dir, ".gitignore", "# c\n*.log\n!keep.log\n/top.txt\nbuild/\nsub/*.md  \r\n");
	put(dir, ".ignore", "*.txt\n");
	put(dir, ".rubricignore", "!notes.txt\n");
	put(sub, ".gitignore", "!*.log\n");
	assert_true(ignored(dir, "a.log", false));
	assert_false(ignored(dir, "keep.log", false));
	assert_true(ignored(dir, "top.txt", false));           /* and by .ignore's *.txt */
	assert_false(ignored(dir, "notes.txt", false));        /* .rubricignore wins */
	assert_true(ignored(dir, "sub/top.txt", false));        /* .ignore's *.txt, any depth */
	assert_false(ignored(dir, "sub/a.log", false));         /* the nested file wins */
	assert_true(ignored(dir, "sub/x.md", false));           /* trailing spaces and \r gone */
	assert_false(ignored(dir, "sub/deeper/x.md", false));   /* anchored: sub/ only */
	assert_true(ignored(dir, "build", true));
	assert_false(ignored(dir, "build", false));             /* folders only */
	assert_true(ignored(dir, "build/keep.log", false));     /* under a folder left out */
	assert_false(ignored(dir, "other.c", false));
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wildmatch),
		cmocka_unit_test(test_ignore_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
