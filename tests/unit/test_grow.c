/* rb_grow (lib/grow.h): the first allocation, doubling, a need past the
 * double, and a size that cannot be allocated leaving the array as it
 * was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "grow.h"

static void test_first_then_doubling(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	v = rb_grow(v, &cap, 1, sizeof *v, 4);
	assert_non_null(v);
	assert_int_equal(cap, 4);
	assert_ptr_equal(rb_grow(v, &cap, 4, sizeof *v, 4), v);  /* room already */
	assert_int_equal(cap, 4);
	v = rb_grow(v, &cap, 5, sizeof *v, 4);
	assert_non_null(v);
	assert_int_equal(cap, 8);
	v = rb_grow(v, &cap, 100, sizeof *v, 4);   /* doubled until it holds 100 */
	assert_non_null(v);
	assert_int_equal(cap, 128);
	v[127] = 1;
	free(v);
}

static void test_too_large(void **state)
{
	(void)state;
	char *v = NULL;
	size_t cap = 0;
	v = rb_grow(v, &cap, 10, 1, 16);
	assert_non_null(v);
	assert_null(rb_grow(v, &cap, SIZE_MAX, 1, 16));
	assert_null(rb_grow(v, &cap, 17, SIZE_MAX / 8, 16));
	assert_int_equal(cap, 16);   /* as it was: v still holds 16 */
	v[15] = 'x';
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_then_doubling),
		cmocka_unit_test(test_too_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
