/* test_ics.c: unit tests for view/ics.c and view/ics_tz.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/zone.h"
#include "view/ics.h"

/* Every line of b's text ends in CRLF and is at most ICS_LINE_MAX octets;
 * continuation lines start with a space and no line starts or ends
 * inside a UTF-8 sequence. */
static void
assert_folded(const char *s)
{
	const char *end;
	size_t len;

	while (*s != '\0') {
		end = strstr(s, "\r\n");
		assert_non_null(end);
		len = (size_t)(end - s);
		assert_true(len <= ICS_LINE_MAX);
		/* A continuation byte (10xxxxxx) never opens a line. */
		assert_true(((unsigned char)s[0] & 0xc0) != 0x80 ||
		    len == 0);
		assert_true(((unsigned char)end[2] & 0xc0) != 0x80);
		s = end + 2;
	}
}

/* s unfolded (CRLF and the space after taken out) and its CRLFs gone. */
static char *
unfold(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	while (*s != '\0') {
		if (s[0] == '\r' && s[1] == '\n') {
			s += s[2] == ' ' ? 3 : 2;
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

static void
test_short_line(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(ics_line(&b, "VERSION", "2.0"), 0);
	assert_string_equal(b.data, "VERSION:2.0\r\n");
	buf_free(&b);
}

/* 75 octets stay on one line; the 76th starts the next, after a space. */
static void
test_fold_ascii(void **state)
{
	struct buf b = BUF_INIT;
	char value[200];

	(void)state;
	memset(value, 'x', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	/* "SUMMARY:" is 8 octets: 67 more make 75. */
	value[67] = '\0';
	ics_line(&b, "SUMMARY", value);
	assert_int_equal(b.len, 75 + 2);
	buf_reset(&b);
	value[67] = 'x';
	value[68] = '\0';
	ics_line(&b, "SUMMARY", value);
	assert_int_equal(b.len, 75 + 2 + 1 + 1 + 2);
	assert_memory_equal(b.data + 75, "\r\n x\r\n", 6);
	buf_free(&b);
}

/* "é" (2 octets) and "€" (3) across the 75th octet go whole to the next
 * line, which then holds them after its space. */
static void
test_fold_multibyte(void **state)
{
	struct buf b = BUF_INIT;
	char value[400], *u;
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		/* 8 octets of "LOCATION" plus ':' = 9; 65 x make 74. */
		memset(value, 'x', 65);
		strcpy(value + 65, k == 0 ? "\xc3\xa9" "end" :
		    "\xe2\x82\xac" "end");
		buf_reset(&b);
		ics_text(&b, "LOCATION", value);
		assert_folded(b.data);
		/* The sequence did not fit in the one octet left. */
		assert_memory_equal(b.data + 74, "\r\n ", 3);
		u = unfold(b.data);
		assert_string_equal(u + strlen("LOCATION:"), value);
		free(u);
	}
	/* A long Hungarian place: every line whole, the text unchanged. */
	value[0] = '\0';
	for (k = 0; k < 20; k++)
		strcat(value, "Ny\xc3\xadregyh\xc3\xa1za, ");
	buf_reset(&b);
	ics_text(&b, "LOCATION", value);
	assert_folded(b.data);
	u = unfold(b.data);
	assert_non_null(strstr(u, "Ny\xc3\xadregyh\xc3\xa1za\\, "));
	free(u);
	buf_free(&b);
}

/* TEXT: backslash, semicolon and comma escaped; line breaks as \n; other
 * control characters dropped, tab kept. */
static void
test_escape(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	ics_text(&b, "SUMMARY", "a,b;c\\d\ne\r\nf\rg\x01h\ti");
	assert_string_equal(b.data,
	    "SUMMARY:a\\,b\\;c\\\\d\\ne\\nf\\ng" "h\ti\r\n");
	buf_reset(&b);
	/* ics_line leaves a value as it is. */
	ics_line(&b, "DTSTART;TZID=Europe/Budapest", "20230630T100000");
	assert_string_equal(b.data,
	    "DTSTART;TZID=Europe/Budapest:20230630T100000\r\n");
	buf_free(&b);
}

/* Budapest around 2023: the change back to winter time of 2022 and both
 * of 2023, each at its own onset, in local time before the change. */
static void
test_vtimezone(void **state)
{
	struct buf b = BUF_INIT;
	/* 2023-06-30 and 2023-11-02, UTC midnight. */
	time_t from = 1688083200, to = 1698883200;

	(void)state;
	/* A site's zone, as a server's thread has it. */
	zone_use(zone_shared("Europe/Budapest"));
	assert_int_equal(ics_vtimezone(&b, "Europe/Budapest", from, to), 0);
	zone_use(NULL);
	assert_folded(b.data);
	assert_non_null(strstr(b.data, "BEGIN:VTIMEZONE\r\n"
	    "TZID:Europe/Budapest\r\n"));
	assert_non_null(strstr(b.data, "BEGIN:STANDARD\r\n"
	    "DTSTART:20221030T030000\r\nTZOFFSETFROM:+0200\r\n"
	    "TZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"));
	assert_non_null(strstr(b.data, "BEGIN:DAYLIGHT\r\n"
	    "DTSTART:20230326T020000\r\nTZOFFSETFROM:+0100\r\n"
	    "TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"));
	assert_non_null(strstr(b.data,
	    "DTSTART:20231029T030000\r\nTZOFFSETFROM:+0200\r\n"));
	buf_reset(&b);
	/* A zone without changes: one observance. */
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(ics_vtimezone(&b, "UTC", from, to), 0);
	assert_non_null(strstr(b.data, "BEGIN:STANDARD\r\n"
	    "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0000\r\n"
	    "TZOFFSETTO:+0000\r\n"));
	assert_null(strstr(b.data, "DAYLIGHT"));
	buf_free(&b);
}

/* An event from 2030 to 9999, as the form allows: the changes from a
 * year before it to 4 years after its start, not every day to 9999 (the
 * work a request does is bounded). */
static void
test_vtimezone_long_span(void **state)
{
	struct buf b = BUF_INIT;
	/* 2030-01-01 and 9999-12-31, UTC midnight. */
	time_t from = 1893456000, to = 253402214400;

	(void)state;
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	assert_int_equal(ics_vtimezone(&b, "Europe/Budapest", from, to), 0);
	assert_non_null(strstr(b.data, "DTSTART:20291028T030000\r\n"));
	assert_non_null(strstr(b.data, "DTSTART:20330327T020000\r\n"));
	assert_null(strstr(b.data, "DTSTART:2034"));
	buf_reset(&b);
	/* Without changes: one observance, soon. */
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(ics_vtimezone(&b, "UTC", from, to), 0);
	assert_null(strstr(b.data, "DAYLIGHT"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_line),
		cmocka_unit_test(test_fold_ascii),
		cmocka_unit_test(test_fold_multibyte),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_vtimezone),
		cmocka_unit_test(test_vtimezone_long_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
