/* xapian_c_errors.cc: Xapian's errors as statuses and messages in
 * rubric's words, the status names, and Xapian's version. */
#include "xapian_c_internal.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <exception>

namespace xc_internal {

char *dup_message(const char *path, const std::string &reason)
{
	std::string m;
	if (path && *path) {
		m = path;
		m += ": ";
	}
	m += reason.empty() ? std::string("unknown error") : reason;
	/* single line, so it reads well after "rubric-search: " */
	for (char &c : m)
		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
	char *s = static_cast<char *>(std::malloc(m.size() + 1));
	if (s)
		std::memcpy(s, m.c_str(), m.size() + 1);
	return s;
}

void set_err(char **err, const char *path, const std::string &reason) noexcept
{
	if (!err)
		return;
	try {
		*err = dup_message(path, reason);
	} catch (...) {
		*err = NULL; /* out of memory while reporting: no message */
	}
}

bool mentions_io(const std::string &msg)
{
	static const char *const words[] = {
		"writ", "read", "fsync", "fdatasync", "sync", "ENOSPC",
		"No space", "Input/output", "Disk quota", "I/O",
	};
	for (const char *w : words)
		if (msg.find(w) != std::string::npos)
			return true;
	return false;
}

bool missing(const Xapian::Error &e, const char *path)
{
	struct stat st;
	if (e.get_error_string() &&
	    std::strstr(e.get_error_string(), std::strerror(ENOENT)))
		return true;
	return path && *path && stat(path, &st) != 0 && errno == ENOENT;
}

/* Xapian::Error has no virtual functions, so dynamic_cast can't classify
 * it: rethrow the exception being handled and let catch clauses do it. */
xc_status map_error(const Xapian::Error &e, const char *path)
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &) {
		return XC_ERR_LOCKED;
	} catch (const Xapian::DatabaseNotFoundError &) {
		return XC_ERR_NOT_FOUND;
	} catch (const Xapian::DatabaseCorruptError &) {
		return XC_ERR_CORRUPT;
	} catch (const Xapian::DatabaseVersionError &) {
		return XC_ERR_CORRUPT;
	} catch (const Xapian::DatabaseOpeningError &) {
		return missing(e, path) ? XC_ERR_NOT_FOUND : XC_ERR_OPENING;
	} catch (const Xapian::DatabaseCreateError &) {
		return XC_ERR_OPENING;
	} catch (const Xapian::DatabaseModifiedError &) {
		return XC_ERR_XAPIAN;
	} catch (const Xapian::DatabaseClosedError &) {
		return XC_ERR_XAPIAN;
	} catch (const Xapian::DatabaseError &) {
		/* what's left: block reads/writes, fsync, disk full */
		return e.get_error_string() || mentions_io(e.get_msg())
			       ? XC_ERR_IO : XC_ERR_XAPIAN;
	} catch (const Xapian::InvalidArgumentError &) {
		return XC_ERR_INVALID;
	} catch (const Xapian::InvalidOperationError &) {
		return XC_ERR_INVALID;
	} catch (const Xapian::UnimplementedError &) {
		return XC_ERR_INVALID; /* a query shape Xapian can't run */
	} catch (const Xapian::NetworkError &) {
		return XC_ERR_NETWORK; /* and NetworkTimeoutError */
	} catch (...) {
		return XC_ERR_XAPIAN;
	}
}

/* A one-line reason for e: Xapian's message, without the path we prefix
 * anyway, plus the errno text when it adds something; at most ~160 bytes
 * (a rejected term can be long). */
std::string reason_of(const Xapian::Error &e, xc_status st, const char *path)
{
	const char *es = e.get_error_string();
	std::string r = e.get_msg();
	if (st == XC_ERR_NOT_FOUND && es && *es)
		return es; /* "PATH: No such file or directory", as grep says */
	if (path && *path) {
		const std::string p(path);
		if (r.compare(0, p.size(), p) == 0)
			r.erase(0, p.size() + (r.compare(p.size(), 2, ": ") == 0
						       ? 2 : 0));
		const char *const forms[] = { " on '", " at '", " in '", " '",
					      " on ", " at ", " in ", " " };
		for (const char *f : forms) {
			std::string needle = f + p;
			if (f[std::strlen(f) - 1] == '\'')
				needle += '\'';
			std::string::size_type at = r.find(needle);
			if (at != std::string::npos) {
				r.erase(at, needle.size());
				break;
			}
		}
	}
	if (es && *es && r.find(es) == std::string::npos)
		r += std::string(" (") + es + ")";
	if (!r.empty() && r[0] == ':') {
		/* "PATH:3: Bad line" (a stub file) */
		r.erase(0, 1);
		if (!r.empty() && r[0] >= '0' && r[0] <= '9')
			r.insert(0, "line ");
	}
	if (r.empty())
		r = e.get_type();
	const std::string::size_type max = 160;
	if (r.size() > max) {
		std::string::size_type cut = max;
		while (cut > 0 && (static_cast<unsigned char>(r[cut]) & 0xC0) == 0x80)
			cut--; /* not inside a UTF-8 sequence */
		r.resize(cut);
		r += "...";
	}
	return r;
}

} // namespace xc_internal

using namespace xc_internal;

/* ------------------------------------------------------------ status */

const char *xc_status_to_string(xc_status status)
{
	switch (raw(status)) {
	case XC_OK: return "ok";
	case XC_ERR_NOT_FOUND: return "not found";
	case XC_ERR_LOCKED: return "locked";
	case XC_ERR_CORRUPT: return "corrupt";
	case XC_ERR_OPENING: return "cannot open";
	case XC_ERR_INVALID: return "invalid argument";
	case XC_ERR_NETWORK: return "network error";
	case XC_ERR_NO_MEMORY: return "out of memory";
	case XC_ERR_IO: return "I/O error";
	case XC_ERR_XAPIAN: return "Xapian error";
	}
	return "unknown status";
}

const char *xc_version(void)
{
	return Xapian::version_string();
}

/* ------------------------------------------------------------ fatal */

static std::atomic<xc_fatal_fn> fatal_handler{nullptr};

/* Allocates nothing of its own: the process may be out of memory. */
static void on_terminate()
{
	static char why[256];
	std::snprintf(why, sizeof why, "an error inside Xapian it could not handle");
	try {
		std::exception_ptr e = std::current_exception();
		if (e)
			std::rethrow_exception(e);
	} catch (const Xapian::Error &e) {
		try {
			std::snprintf(why, sizeof why, "%s", e.get_description().c_str());
		} catch (...) {
			std::snprintf(why, sizeof why, "%s", e.get_type());
		}
	} catch (const std::exception &e) {
		std::snprintf(why, sizeof why, "%s", e.what());
	} catch (...) {
	}
	for (char *c = why; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	xc_fatal_fn fn = fatal_handler.load();
	if (fn)
		fn(why);
	std::abort();
}

void xc_on_fatal(xc_fatal_fn fn)
{
	fatal_handler.store(fn);
	std::set_terminate(on_terminate);
}
