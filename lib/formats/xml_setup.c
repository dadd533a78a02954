/* xml_setup.c: libxml2 set up for the readers that parse with it (html.c,
 * mail.c for its HTML parts, extract.c for the zip-based formats), below
 * all of them: once per process, and silenced in each thread. */
#include "reader.h"

#include <libxml/parser.h>
#include <pthread.h>

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void quiet_xml(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* The first thread here is the one libxml2 takes for its main thread: its
 * handler is libxml2's static one, set without allocating, and silenced
 * before xmlInitParser, which reports an allocation that failed.  Other
 * threads set theirs after the init (before it, libxml2 leaks the state
 * it makes for them). */
static void init_xml(void)
{
	xmlThrDefSetGenericErrorFunc(NULL, quiet_xml);
	xmlSetGenericErrorFunc(NULL, quiet_xml);
	xmlInitParser();
}

void rb_formats_init(void)
{
	/* Initialised first: a thread's handler set before then would make
	 * libxml2 set up its globals in that thread too, racing the
	 * initialisation (LeakSanitizer caught a mutex made twice). */
	pthread_once(&xml_once, init_xml);
}

void rb_xml_quiet_thread(void)
{
	xmlSetGenericErrorFunc(NULL, quiet_xml);
}
