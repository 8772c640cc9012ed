// SPDX-License-Identifier: GPL-2.0-only
/*
 * json_print: a tiny streaming JSON emitter shared with the text output.
 */
#include <inttypes.h>
#include <stdarg.h>

#include "json_print.h"

#define JP_MAX_DEPTH	16

static FILE *jp_f;
static bool jp_json;
static int jp_depth;			/* open objects and arrays */
static bool jp_first[JP_MAX_DEPTH];	/* no member written yet */
static bool jp_in_obj[JP_MAX_DEPTH];	/* members need keys */

void jp_init(FILE *f, bool json)
{
	jp_f = f;
	jp_json = json;
	jp_depth = 0;
}

bool jp_is_json(void)
{
	return jp_json;
}

static void jp_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', jp_f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
		case '\\':
			fputc('\\', jp_f);
			fputc(*p, jp_f);
			break;
		case '\n':
			fputs("\\n", jp_f);
			break;
		case '\t':
			fputs("\\t", jp_f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(jp_f, "\\u%04x", *p);
			else
				fputc(*p, jp_f);
		}
	}
	fputc('"', jp_f);
}

/* Separator and key before a member at the current level. */
static void jp_member(const char *key)
{
	if (!jp_depth)
		return;
	if (!jp_first[jp_depth - 1])
		fputc(',', jp_f);
	jp_first[jp_depth - 1] = false;
	if (jp_in_obj[jp_depth - 1]) {
		jp_escape(key ? key : "");
		fputc(':', jp_f);
	}
}

static void jp_open(const char *key, bool obj)
{
	if (!jp_json)
		return;
	jp_member(key);
	fputc(obj ? '{' : '[', jp_f);
	if (jp_depth < JP_MAX_DEPTH) {
		jp_first[jp_depth] = true;
		jp_in_obj[jp_depth] = obj;
	}
	jp_depth++;
}

static void jp_close(bool obj)
{
	if (!jp_json || !jp_depth)
		return;
	fputc(obj ? '}' : ']', jp_f);
	if (!--jp_depth)
		fputc('\n', jp_f);
}

void jp_open_object(const char *key)
{
	jp_open(key, true);
}

void jp_close_object(void)
{
	jp_close(true);
}

void jp_open_array(const char *key)
{
	jp_open(key, false);
}

void jp_close_array(void)
{
	jp_close(false);
}

void jp_string(enum jp_out out, const char *key, const char *fmt,
	       const char *val)
{
	if (jp_json && (out & JP_JSON)) {
		jp_member(key);
		jp_escape(val);
	} else if (!jp_json && (out & JP_TEXT) && fmt) {
		fprintf(jp_f, fmt, val);
	}
}

void jp_u64(enum jp_out out, const char *key, const char *fmt, uint64_t val)
{
	if (jp_json && (out & JP_JSON)) {
		jp_member(key);
		fprintf(jp_f, "%" PRIu64, val);
	} else if (!jp_json && (out & JP_TEXT) && fmt) {
		fprintf(jp_f, fmt, val);
	}
}

void jp_bool(enum jp_out out, const char *key, const char *fmt, bool val)
{
	if (jp_json && (out & JP_JSON)) {
		jp_member(key);
		fputs(val ? "true" : "false", jp_f);
	} else if (!jp_json && (out & JP_TEXT) && fmt) {
		fprintf(jp_f, fmt, val ? "true" : "false");
	}
}

void jp_text(const char *fmt, ...)
{
	va_list ap;

	if (jp_json)
		return;
	va_start(ap, fmt);
	vfprintf(jp_f, fmt, ap);
	va_end(ap);
}
