// version_xapian.cc: the version of the Xapian library loaded at run time,
// for rubric's --version (a C function over Xapian's C++ one; it cannot
// throw).
#include <xapian.h>

#include "version.h"

const char *rb_version_xapian(void)
{
	return Xapian::version_string();
}
