/* SPDX-License-Identifier: GPL-2.0-only */
/* A minimal TAP-style harness: one line per case, a count line at the end. */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <stdarg.h>
#include <stdio.h>

static unsigned int check_passed, check_failed;

__attribute__((format(printf, 2, 3)))
static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %u - ", ok ? "ok" : "not ok", check_passed + check_failed + 1);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (ok)
		check_passed++;
	else
		check_failed++;
}

/* The line tests/summarize.sh adds up. */
static int check_done(const char *suite)
{
	printf("suite %s: %u passed, %u failed\n", suite, check_passed,
	       check_failed);
	return check_failed ? 1 : 0;
}

#endif
