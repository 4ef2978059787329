/* test_netaddr.c: the network a client address is counted under: IPv6 by
 * its /64, IPv4 (also IPv4-mapped) by the address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/netaddr.h"

static void
want(const char *client, const char *group)
{
	char out[64];

	netaddr_group(client, out, sizeof(out));
	assert_string_equal(out, group);
}

static void
test_ipv6_by_64(void **state)
{
	(void)state;
	want("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64");
	/* Every address of one /64 is one client: an attacker given a /64
	 * cannot rotate through it. */
	want("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64");
	want("2001:db8:1:2::1", "2001:db8:1:2::/64");
	want("2001:DB8:1:2::abcd", "2001:db8:1:2::/64");
	/* The next /64 is another. */
	want("2001:db8:1:3::1", "2001:db8:1:3::/64");
	want("::1", "::/64");
	want("fe80::1", "fe80::/64");
}

static void
test_ipv4(void **state)
{
	(void)state;
	want("192.0.2.7", "192.0.2.7");
	want("127.0.0.2", "127.0.0.2");
	want("::ffff:192.0.2.7", "192.0.2.7");
}

static void
test_not_an_address(void **state)
{
	char small[8];

	(void)state;
	want("", "");
	want("unix", "unix");
	want("2001:db8::zz", "2001:db8::zz");
	/* Cut to fit. */
	netaddr_group("2001:db8:1:2::1", small, sizeof(small));
	assert_string_equal(small, "2001:db");
}

/* The rest of an http(s) URL, its scheme in any case; NULL for others. */
static void
test_http_rest(void **state)
{
	(void)state;
	assert_string_equal(netaddr_http_rest("http://a.test/x"), "a.test/x");
	assert_string_equal(netaddr_http_rest("HTTPS://a.test"), "a.test");
	assert_string_equal(netaddr_http_rest("https://"), "");
	assert_null(netaddr_http_rest("ftp://a.test/"));
	assert_null(netaddr_http_rest("/news"));
	assert_null(netaddr_http_rest("http:/a.test"));
	assert_null(netaddr_http_rest(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv6_by_64),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_not_an_address),
		cmocka_unit_test(test_http_rest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
