/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * json_print: one print path for text and JSON output.
 *
 * Every jp_* value call names where it goes: JP_TEXT (text mode only, via
 * the printf format), JP_JSON (JSON mode only, as "key":value) or JP_ANY
 * (both).  Objects and arrays only exist in JSON; in text mode opening and
 * closing them prints nothing.  Closing the outermost JSON value ends the
 * line.  Not thread safe; one document at a time.
 */
#ifndef QQ_JSON_PRINT_H
#define QQ_JSON_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum jp_out {
	JP_TEXT = 1 << 0,
	JP_JSON = 1 << 1,
	JP_ANY  = JP_TEXT | JP_JSON,
};

void jp_init(FILE *f, bool json);
bool jp_is_json(void);

/* @key is NULL inside arrays and for the outermost value. */
void jp_open_object(const char *key);
void jp_close_object(void);
void jp_open_array(const char *key);
void jp_close_array(void);

/*
 * @fmt is the text-mode format, with exactly one conversion: %s for
 * jp_string and jp_bool ("true"/"false"), PRIu64 for jp_u64.  NULL
 * prints no text.
 */
void jp_string(enum jp_out out, const char *key, const char *fmt,
	       const char *val);
void jp_u64(enum jp_out out, const char *key, const char *fmt, uint64_t val);
void jp_bool(enum jp_out out, const char *key, const char *fmt, bool val);

/* Text mode only: printf-style free text (separators, newlines). */
void jp_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* QQ_JSON_PRINT_H */
