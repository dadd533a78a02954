/* shim.c: fault injection for tests/faults (LD_PRELOAD, never linked into
 * rubric).  It makes the Nth call of one class of calls fail, counting only
 * calls made while the program's main() runs (the dynamic loader's and the
 * libraries' start-up calls are not the program's to handle):
 *
 *   RUBRIC_FAULT_CLASS  write   write, pwrite, pwrite64, writev, and fflush
 *                               of a file (stdio writes inside glibc)
 *                       sync    fsync, fdatasync
 *                       rename  rename, renameat, renameat2
 *                       open    open, open64, openat, openat64, creat, fopen
 *                       malloc  malloc, calloc, realloc, posix_memalign,
 *                               aligned_alloc, memalign (C++ new too)
 *   RUBRIC_FAULT_N      the call that fails (1 = the first); 0 or unset:
 *                       count only
 *   RUBRIC_FAULT_ERRNO  EIO (default) or ENOSPC; malloc fails with ENOMEM
 *   RUBRIC_FAULT_MODE   once (default): only call N fails; sticky: N and
 *                       every later call of the class fail (a disk that
 *                       stays full); kill: SIGKILL instead of call N;
 *                       killafter: SIGKILL just after call N succeeds
 *   RUBRIC_FAULT_REPORT a file that gets "CALLS FIRED" at exit: how many
 *                       calls of the class main() made, and 1 if the fault
 *                       was injected (0: the run ended before call N).
 *   RUBRIC_FAULT_UNREADABLE  a file listing paths (one a line, relative
 *                       to the folder the program runs in) whose open,
 *                       fopen and opendir fail with EIO, whatever the
 *                       class: to redo a faulted run's per-file failures
 *                       on purpose and compare the outcomes.
 *   RUBRIC_FAULT_TRACE  a file that gets the stack of the failed call
 *                       (to find which call of the program it was), and
 *                       FILE.crash the stack of an abort or a crash.
 *
 * The real functions come from glibc's __libc_* allocator entry points
 * (dlsym may allocate, so malloc must not need it) and dlsym(RTLD_NEXT)
 * for the rest. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define REAL(name) static __typeof__(name) *real; \
	if (!real) real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

enum fault_class { FC_NONE, FC_WRITE, FC_SYNC, FC_RENAME, FC_OPEN, FC_MALLOC };
enum fault_mode { FM_ONCE, FM_STICKY, FM_KILL, FM_KILL_AFTER };

static enum fault_class target = FC_NONE;
static enum fault_mode mode = FM_ONCE;
static unsigned long fail_at;
static int fail_errno = EIO;
static const char *report_path, *trace_path;
static char unreadable[65536];   /* the paths, NUL-separated, "" at the end */
static __thread int tracing;   /* backtrace() may allocate: not counted */
static atomic_int in_main;
static atomic_ulong calls;
static atomic_int fired;

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static void trace(void)
{
	void *frames[64];
	tracing = 1;
	int n = backtrace(frames, 64);
	int fd = open(trace_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		backtrace_symbols_fd(frames, n, fd);
		close(fd);
	}
	tracing = 0;
}

static void on_crash(int sig)
{
	void *frames[64];
	char path[4096];
	tracing = 1;   /* no fault in here */
	int n = backtrace(frames, 64);
	snprintf(path, sizeof path, "%s.crash", trace_path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		backtrace_symbols_fd(frames, n, fd);
		close(fd);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A stack of this thread's own for on_crash: a stack overflow (GLib
 * recursing on an allocation that failed) is a crash to report too. */
static void crash_stack(void)
{
	stack_t ss = { .ss_size = 1 << 16 };
	if ((ss.ss_sp = __libc_malloc(ss.ss_size)))
		sigaltstack(&ss, NULL);
}

/* Each thread gets one (when tracing): threads start through here. */
struct thread_start {
	void *(*fn)(void *);
	void *arg;
};

static void *traced_thread(void *p)
{
	struct thread_start t = *(struct thread_start *)p;
	free(p);
	crash_stack();
	return t.fn(t.arg);
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	REAL(pthread_create);
	struct thread_start *t = trace_path ? __libc_malloc(sizeof *t) : NULL;
	if (!t)
		return real(thread, attr, fn, arg);
	*t = (struct thread_start){ fn, arg };
	int rc = real(thread, attr, traced_thread, t);
	if (rc)
		free(t);
	return rc;
}

/* Whether this call of class c is to fail (errno set) or, in the kill
 * modes, whether the process dies here. */
static int should_fail(enum fault_class c)
{
	if (c != target || tracing || !atomic_load_explicit(&in_main, memory_order_relaxed))
		return 0;
	unsigned long n = atomic_fetch_add(&calls, 1) + 1;
	if (!fail_at || n < fail_at || (n > fail_at && mode != FM_STICKY))
		return 0;
	atomic_store(&fired, 1);
	if (trace_path && n == fail_at)
		trace();
	if (mode == FM_KILL)
		raise(SIGKILL);
	if (mode == FM_KILL_AFTER)
		return 2;
	errno = c == FC_MALLOC ? ENOMEM : fail_errno;
	return 1;
}

/* After a call that should_fail() answered 2 for: it succeeded, now die. */
static void die_if(int verdict)
{
	if (verdict == 2)
		raise(SIGKILL);
}

static void write_report(void)
{
	if (!report_path)
		return;
	/* Through the real open and write: counting is over. */
	atomic_store(&in_main, 0);
	FILE *f = fopen(report_path, "w");
	if (f) {
		fprintf(f, "%lu %d\n", atomic_load(&calls), atomic_load(&fired));
		fclose(f);
	}
}

static void load_unreadable(const char *list)
{
	FILE *f = fopen(list, "r");
	size_t at = 0, n;
	if (!f)
		return;
	n = fread(unreadable, 1, sizeof unreadable - 2, f);
	fclose(f);
	for (; at < n; at++)
		if (unreadable[at] == '\n')
			unreadable[at] = '\0';
	unreadable[n] = unreadable[n + 1] = '\0';
}

/* Whether path is one of the unreadable ones: the same, or ending in
 * "/" and one of them (the program may open it by its absolute path). */
static int is_unreadable(const char *path)
{
	if (!path)
		return 0;
	size_t len = strlen(path);
	for (const char *u = unreadable; *u; u += strlen(u) + 1) {
		size_t ul = strlen(u);
		if (strcmp(path, u) == 0 ||
		    (len > ul && path[len - ul - 1] == '/' && strcmp(path + len - ul, u) == 0)) {
			errno = EIO;
			return 1;
		}
	}
	return 0;
}

__attribute__((constructor)) static void shim_init(void)
{
	const char *c = getenv("RUBRIC_FAULT_CLASS"), *v;
	static const char *const names[] = { "", "write", "sync", "rename", "open", "malloc" };
	for (int i = 1; c && i < 6; i++)
		if (strcmp(c, names[i]) == 0)
			target = (enum fault_class)i;
	if ((v = getenv("RUBRIC_FAULT_N")))
		fail_at = strtoul(v, NULL, 10);
	if ((v = getenv("RUBRIC_FAULT_ERRNO")) && strcmp(v, "ENOSPC") == 0)
		fail_errno = ENOSPC;
	if ((v = getenv("RUBRIC_FAULT_MODE")))
		mode = strcmp(v, "sticky") == 0 ? FM_STICKY
		     : strcmp(v, "kill") == 0 ? FM_KILL
		     : strcmp(v, "killafter") == 0 ? FM_KILL_AFTER : FM_ONCE;
	report_path = getenv("RUBRIC_FAULT_REPORT");
	trace_path = getenv("RUBRIC_FAULT_TRACE");
	if ((v = getenv("RUBRIC_FAULT_UNREADABLE")))
		load_unreadable(v);
	if (trace_path) {
		void *frame;
		backtrace(&frame, 1);   /* loads libgcc_s now, not in a crash */
		struct sigaction sa = { .sa_handler = on_crash, .sa_flags = SA_ONSTACK };
		sigemptyset(&sa.sa_mask);
		sigaction(SIGABRT, &sa, NULL);
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGTRAP, &sa, NULL);   /* GLib's g_error */
		crash_stack();
	}
}

/* ---------------------------------------------- only while main() runs */

typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

static int counted_main(int argc, char **argv, char **envp)
{
	atexit(write_report);
	atomic_store(&in_main, 1);
	return real_main(argc, argv, envp);
}

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void),
		      void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
	typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void),
				void (*)(void), void *);
	start_fn real_start = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
	real_main = main;
	return real_start(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}

/* ------------------------------------------------------------ memory */

void *malloc(size_t n)
{
	return should_fail(FC_MALLOC) == 1 ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	return should_fail(FC_MALLOC) == 1 ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	return should_fail(FC_MALLOC) == 1 ? NULL : __libc_realloc(p, n);
}

void *aligned_alloc(size_t align, size_t n)
{
	return should_fail(FC_MALLOC) == 1 ? NULL : __libc_memalign(align, n);
}

void *memalign(size_t align, size_t n)
{
	return should_fail(FC_MALLOC) == 1 ? NULL : __libc_memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
	if (should_fail(FC_MALLOC) == 1)
		return ENOMEM;
	void *p = __libc_memalign(align, n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

/* ------------------------------------------------------------ files */


/* Defines `name` (parameters `params`, passed on as the rest) as libc's
 * `sym` behind class c's fault: `failed` (errno set) when the call is
 * the one to fail, else the real call.  A path in the unreadable list
 * fails too (`path`: the path argument, or NULL). */
#define FAULTY_AS(type, name, sym, c, failed, path, params, ...) \
	type name params \
	{ \
		REAL(sym); \
		if (*unreadable && is_unreadable(path)) \
			return failed; \
		int v = should_fail(c); \
		if (v == 1) \
			return failed; \
		type r = real(__VA_ARGS__); \
		die_if(v); \
		return r; \
	}
#define FAULTY(type, name, ...) FAULTY_AS(type, name, name, __VA_ARGS__)

FAULTY(ssize_t, write, FC_WRITE, -1, NULL,
       (int fd, const void *buf, size_t n), fd, buf, n)
FAULTY(ssize_t, pwrite, FC_WRITE, -1, NULL,
       (int fd, const void *buf, size_t n, off_t at), fd, buf, n, at)
FAULTY(ssize_t, pwrite64, FC_WRITE, -1, NULL,
       (int fd, const void *buf, size_t n, off64_t at), fd, buf, n, at)
FAULTY(ssize_t, writev, FC_WRITE, -1, NULL,
       (int fd, const struct iovec *iov, int n), fd, iov, n)
FAULTY(int, fsync, FC_SYNC, -1, NULL, (int fd), fd)
FAULTY(int, fdatasync, FC_SYNC, -1, NULL, (int fd), fd)
FAULTY(int, rename, FC_RENAME, -1, NULL, (const char *from, const char *to), from, to)
FAULTY(int, renameat, FC_RENAME, -1, NULL,
       (int fromdir, const char *from, int todir, const char *to),
       fromdir, from, todir, to)
FAULTY(int, renameat2, FC_RENAME, -1, NULL,
       (int fromdir, const char *from, int todir, const char *to, unsigned flags),
       fromdir, from, todir, to, flags)
FAULTY(FILE *, fopen, FC_OPEN, NULL, path, (const char *path, const char *how), path, how)
FAULTY(FILE *, fopen64, FC_OPEN, NULL, path, (const char *path, const char *how), path, how)
FAULTY(int, creat, FC_OPEN, -1, path, (const char *path, mode_t m), path, m)

/* stdio writes a file's buffer with glibc's internal write, which no
 * preload sees; its fflush is the call that reports the failure.  The
 * standard streams are left alone: they carry the messages under test. */
int fflush(FILE *f)
{
	REAL(fflush);
	int v = f && f != stdout && f != stderr ? should_fail(FC_WRITE) : 0;
	if (v == 1)
		return EOF;
	int r = real(f);
	die_if(v);
	return r;
}

/* open's mode is there only with O_CREAT or O_TMPFILE: the variadic
 * ones take it here and call their FAULTY twin. */
static mode_t mode_arg(int flags, va_list ap)
{
	return flags & (O_CREAT | O_TMPFILE) ? (mode_t)va_arg(ap, int) : 0;
}

static FAULTY_AS(int, open_mode, open, FC_OPEN, -1, path,
		 (const char *path, int flags, mode_t m), path, flags, m)
static FAULTY_AS(int, openat_mode, openat, FC_OPEN, -1, path,
		 (int dir, const char *path, int flags, mode_t m), dir, path, flags, m)

#define OPEN_VARIADIC(twin, ...) \
	{ \
		va_list ap; \
		va_start(ap, flags); \
		mode_t m = mode_arg(flags, ap); \
		va_end(ap); \
		return twin(__VA_ARGS__, m); \
	}

int open(const char *path, int flags, ...) OPEN_VARIADIC(open_mode, path, flags)
int open64(const char *path, int flags, ...) OPEN_VARIADIC(open_mode, path, flags)
int openat(int dir, const char *path, int flags, ...) OPEN_VARIADIC(openat_mode, dir, path, flags)
int openat64(int dir, const char *path, int flags, ...) OPEN_VARIADIC(openat_mode, dir, path, flags)

/* Not a class of its own (glibc opens the folder internally): only for
 * RUBRIC_FAULT_UNREADABLE. */
DIR *opendir(const char *path)
{
	REAL(opendir);
	if (*unreadable && is_unreadable(path))
		return NULL;
	return real(path);
}
