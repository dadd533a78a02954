/* Replays a fuzz target's seeds and regressions without libFuzzer, so that
 * `make test` (gcc, ASan + UBSan) runs every input that ever crashed.
 * Built once per target with -DFUZZ_TARGET="name"; prints TAP, one line
 * per input file. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int n;

static void replay_dir(const char *top, const char *kind)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/tests/fuzz/%s/%s", top, kind, FUZZ_TARGET);
	struct dirent **names = NULL;
	int count = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < count; i++) {
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		FILE *f = names[i]->d_name[0] == '.' ? NULL : fopen(path, "rb");
		free(names[i]);
		if (!f)
			continue;
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, got;
		do {
			if (len == cap) {
				cap = cap ? cap * 2 : 4096;
				buf = realloc(buf, cap);
			}
			got = fread(buf + len, 1, cap - len, f);
			len += got;
		} while (got > 0);
		fclose(f);
		/* A crash aborts the run: the harness counts it as a failure. */
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok %d - %s %s/%s\n", ++n, FUZZ_TARGET, kind, path + strlen(dir) + 1);
	}
	if (count > 0)
		free(names);
}

int main(int argc, char **argv)
{
	const char *top = getenv("RUBRIC_TOP");
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	replay_dir(top ? top : ".", "regressions");
	replay_dir(top ? top : ".", "seeds");
	printf("1..%d\n", n);
	return 0;
}
