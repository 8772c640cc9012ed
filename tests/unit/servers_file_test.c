// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the QQ server list parser (userspace/qq_servers_file.c).
 *
 *   servers_file_test [REPO_ROOT]
 *
 * With REPO_ROOT, also loads userspace/servers.default and
 * userspace/servers.tencent-asn from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qq_servers_file.h"
#include "check.h"

/* @in for a test name: control characters as "?". */
static const char *shown(const char *in)
{
	static char buf[256];
	size_t i;

	for (i = 0; in[i] && i < sizeof(buf) - 1; i++)
		buf[i] = (unsigned char)in[i] < 0x20 ? '?' : in[i];
	buf[i] = '\0';
	return buf;
}

/* Parse @in; it must succeed and format as @want. */
static void ok(const char *in, const char *want)
{
	struct qq_server s, again;
	char err[256] = "", txt[QQ_SERVER_TEXT_MAX] = "";
	int ret = qq_server_parse(in, &s, err, sizeof(err));

	if (!ret)
		qq_server_format(&s, txt, sizeof(txt));
	check(!ret && !strcmp(txt, want), "\"%s\" -> \"%s\" (got \"%s\"%s%s)",
	      shown(in), want, txt, err[0] ? ", error: " : "", err);
	if (ret)
		return;
	/* The canonical form reads back as the same entry. */
	ret = qq_server_parse(txt, &again, err, sizeof(err));
	check(!ret && qq_server_equal(&s, &again),
	      "\"%s\" round-trips", txt);
}

/* Parse @in; it must fail with an error containing @want. */
static void bad(const char *in, const char *want)
{
	struct qq_server s;
	char err[256] = "";
	int ret = qq_server_parse(in, &s, err, sizeof(err));

	check(ret < 0 && strstr(err, want), "\"%s\" rejected: \"%s\" (got %d \"%s\")",
	      shown(in), want, ret, err);
}

static void test_fields(void)
{
	struct qq_server s;
	char err[128];
	static const unsigned char a6[16] = {
		0x24, 0x0e, 0x00, 0xff, 0xf1, 0x01, 0x00, 0x10,
		0, 0, 0, 0, 0, 0, 0x01, 0x09
	};

	check(!qq_server_parse("58.60.10.45 proto udp port 8000", &s, err,
			       sizeof(err)) &&
	      s.family == NFPROTO_IPV4 && s.plen == 32 && s.proto == 17 &&
	      s.port_min == 8000 && s.port_max == 8000 &&
	      !memcmp(s.addr, "\x3a\x3c\x0a\x2d", 4) &&
	      !memcmp(s.addr + 4, "\0\0\0\0\0\0\0\0\0\0\0\0", 12),
	      "v4 fields");
	check(!qq_server_parse("240e:ff:f101:10::109 proto tcp port 14000-14001",
			       &s, err, sizeof(err)) &&
	      s.family == NFPROTO_IPV6 && s.plen == 128 && s.proto == 6 &&
	      s.port_min == 14000 && s.port_max == 14001 &&
	      !memcmp(s.addr, a6, 16),
	      "v6 fields");
	check(!qq_server_parse("10.0.0.0/8", &s, err, sizeof(err)) &&
	      s.proto == 0 && s.port_min == 0 && s.port_max == 0,
	      "any proto, any port is 0/0/0");
}

static void test_entries(void)
{
	/* Defaults and the prefix length limits. */
	ok("58.60.10.45", "58.60.10.45/32");
	ok("240e:ff:f101:10::109", "240e:ff:f101:10::109/128");
	ok("0.0.0.0/0", "0.0.0.0/0");
	ok("::/0", "::/0");
	ok("1.2.3.4/32", "1.2.3.4/32");
	ok("2001:db8::1/128", "2001:db8::1/128");
	ok("10.0.0.0/8", "10.0.0.0/8");
	ok("2001:db8::/32", "2001:db8::/32");
	ok("1.2.3.128/25", "1.2.3.128/25");
	ok("2001:DB8:0:0::/64", "2001:db8::/64");

	/* Host bits. */
	bad("1.2.3.4/24", "host bits set, did you mean 1.2.3.0/24?");
	bad("0.0.0.1/0", "did you mean 0.0.0.0/0?");
	bad("1.2.3.129/25", "did you mean 1.2.3.128/25?");
	bad("2001:db8::1/64", "host bits set, did you mean 2001:db8::/64?");
	bad("::1/127", "did you mean ::/127?");

	/* Bad prefix lengths and addresses. */
	bad("1.2.3.4/33", "invalid prefix length \"33\" (expected 0-32)");
	bad("::/129", "invalid prefix length \"129\" (expected 0-128)");
	bad("1.2.3.4/-1", "invalid prefix length \"-1\"");
	bad("1.2.3.4/abc", "invalid prefix length \"abc\"");
	bad("1.2.3.4/", "invalid prefix length \"\"");
	bad("1.2.3.4/+8", "invalid prefix length");
	bad("1.2.3.4/0032", "invalid prefix length");
	bad("1.2.3.4/8/8", "invalid prefix length");
	bad("abc", "invalid address \"abc\"");
	bad("1.2.3", "invalid address");
	bad("1.2.3.256", "invalid address");
	bad("/24", "invalid address");
	bad("fe80::1%eth0", "invalid address");
	bad("qq.com", "invalid address");

	/* Protocols. */
	ok("1.2.3.4 proto udp", "1.2.3.4/32 proto udp");
	ok("1.2.3.4 proto tcp", "1.2.3.4/32 proto tcp");
	ok("1.2.3.4 proto UDP", "1.2.3.4/32 proto udp");
	ok("1.2.3.4 proto any", "1.2.3.4/32");
	bad("1.2.3.4 proto icmp", "invalid protocol \"icmp\"");
	bad("1.2.3.4 proto 17", "invalid protocol");
	bad("1.2.3.4 proto", "\"proto\" needs udp or tcp");
	bad("1.2.3.4 proto udp proto tcp", "\"proto\" given twice");

	/* Ports. */
	ok("1.2.3.4 port 8000", "1.2.3.4/32 port 8000");
	ok("1.2.3.4 port 8000-8001", "1.2.3.4/32 port 8000-8001");
	ok("1.2.3.4 port 1-65535", "1.2.3.4/32 port 1-65535");
	ok("1.2.3.4 port 65535", "1.2.3.4/32 port 65535");
	ok("1.2.3.4 port 80-80", "1.2.3.4/32 port 80");
	ok("1.2.3.4 port 443 proto tcp", "1.2.3.4/32 proto tcp port 443");
	ok("240e:ff:f101:10::109/128 proto tcp port 14000",
	   "240e:ff:f101:10::109/128 proto tcp port 14000");
	bad("1.2.3.4 port 0", "invalid port \"0\"");
	bad("1.2.3.4 port 65536", "invalid port \"65536\"");
	bad("1.2.3.4 port 0-80", "invalid port");
	bad("1.2.3.4 port 80-65536", "invalid port");
	bad("1.2.3.4 port 9-3", "invalid port range \"9-3\" (start above end)");
	bad("1.2.3.4 port -3", "invalid port");
	bad("1.2.3.4 port 3-", "invalid port");
	bad("1.2.3.4 port 99999999999999999999", "invalid port");
	bad("1.2.3.4 port http", "invalid port");
	bad("1.2.3.4 port", "\"port\" needs N or N-M");
	bad("1.2.3.4 port 1 port 2", "\"port\" given twice");
	bad("1.2.3.4 udp", "unexpected \"udp\" (expected proto or port)");
	bad("1.2.3.4 2.3.4.5", "unexpected \"2.3.4.5\"");

	/* Comments and blanks. */
	ok("1.2.3.4 proto udp port 8000 # login", "1.2.3.4/32 proto udp port 8000");
	ok("1.2.3.4#x", "1.2.3.4/32");
	ok("  \t1.2.3.4  port  8000\r\n", "1.2.3.4/32 port 8000");
	ok("1.2.3.4 port 8000#x", "1.2.3.4/32 port 8000");
	bad("", "empty entry");
	bad("   ", "empty entry");
	bad("# only a comment", "empty entry");
	bad("1.2.3.4 proto # udp", "\"proto\" needs udp or tcp");

	/* IPv4-mapped IPv6 becomes IPv4. */
	ok("::ffff:1.2.3.0/120", "1.2.3.0/24");
	ok("::ffff:0:0/96", "0.0.0.0/0");
	ok("::ffff:1.2.3.4", "1.2.3.4/32");
	ok("::ffff:1.2.3.4/128 proto udp port 8000", "1.2.3.4/32 proto udp port 8000");
	bad("::ffff:0:0/80", "host bits set, did you mean ::/80?");
	bad("::ffff:1.2.3.4/120", "host bits set, did you mean 1.2.3.0/24?");
}

static void test_format(void)
{
	struct qq_server s = {
		.family = NFPROTO_IPV4, .plen = 32, .proto = 47,
		.addr = { 1, 2, 3, 4 },
	};
	char txt[QQ_SERVER_TEXT_MAX], small[8];

	qq_server_format(&s, txt, sizeof(txt));
	check(!strcmp(txt, "1.2.3.4/32 proto 47"), "unknown proto prints as a number: %s", txt);

	memset(&s, 0xff, sizeof(s));
	s.family = NFPROTO_IPV6;
	s.plen = 128;
	s.proto = 6;
	s.port_min = 1;
	qq_server_format(&s, txt, sizeof(txt));
	check(strlen(txt) < sizeof(txt) - 1 &&
	      !strcmp(txt, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128 proto tcp port 1-65535"),
	      "longest form fits QQ_SERVER_TEXT_MAX: %s", txt);
	qq_server_format(&s, small, sizeof(small));
	check(strlen(small) == sizeof(small) - 1, "a short buffer is truncated, terminated");
}

static char tmpdir[] = "/tmp/servers_file_test.XXXXXX";

static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	if (!f || fwrite(text, 1, strlen(text), f) != strlen(text) || fclose(f)) {
		perror(path);
		exit(2);
	}
	return path;
}

static void test_files(void)
{
	struct qq_server *v = (struct qq_server *)1;
	char err[512], want[300], txt[QQ_SERVER_TEXT_MAX];
	const char *path;
	size_t n = 99;
	int ret;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}

	path = write_file("good", "# QQ servers\n"
			  "\n"
			  "58.60.10.45 proto udp port 8000   # classic\n"
			  "   \t\n"
			  "240e:ff:f101:10::109 proto tcp port 14000\n"
			  "10.0.0.0/8\n"
			  "1.2.3.4 port 8000-8001");	/* no final newline */
	ret = qq_servers_load_file(path, &v, &n, err, sizeof(err));
	check(!ret && n == 4, "good file: 4 entries (ret %d n %zu %s)", ret, n,
	      ret ? err : "");
	if (!ret && n == 4) {
		qq_server_format(&v[1], txt, sizeof(txt));
		check(!strcmp(txt, "240e:ff:f101:10::109/128 proto tcp port 14000"),
		      "good file: entry 2 is %s", txt);
		qq_server_format(&v[3], txt, sizeof(txt));
		check(!strcmp(txt, "1.2.3.4/32 port 8000-8001"),
		      "good file: last line without newline: %s", txt);
	}
	free(v);

	v = (struct qq_server *)1;
	n = 99;
	path = write_file("bad", "58.60.10.45 proto udp port 8000\n"
			  "# comment\n"
			  "\n"
			  "1.2.3.4/24 proto udp\n"
			  "5.6.7.8\n");
	ret = qq_servers_load_file(path, &v, &n, err, sizeof(err));
	snprintf(want, sizeof(want), "%s:4: host bits set, did you mean 1.2.3.0/24?", path);
	check(ret < 0 && !v && n == 0 && !strcmp(err, want),
	      "bad line: \"%s\", nothing returned", err);

	v = (struct qq_server *)1;
	n = 99;
	path = write_file("bad2", "1.2.3.4 port 9-3\n");
	ret = qq_servers_load_file(path, &v, &n, err, sizeof(err));
	snprintf(want, sizeof(want), "%s:1: invalid port range", path);
	check(ret < 0 && !v && !n && !strncmp(err, want, strlen(want)),
	      "bad first line: \"%s\"", err);

	v = (struct qq_server *)1;
	n = 99;
	path = write_file("dup", "1.2.3.4 proto udp\n"
			  "1.2.3.4\n"
			  "5.6.7.8\n"
			  "::ffff:5.6.7.8/128 # same as line 3\n"
			  "1.2.3.4 proto udp\n");
	ret = qq_servers_load_file(path, &v, &n, err, sizeof(err));
	snprintf(want, sizeof(want), "%s:4: duplicate entry 5.6.7.8/32 (first on line 3)", path);
	check(ret < 0 && !v && !n && !strcmp(err, want),
	      "duplicate: \"%s\"", err);

	v = (struct qq_server *)1;
	n = 99;
	path = write_file("empty", "");
	ret = qq_servers_load_file(path, &v, &n, err, sizeof(err));
	check(!ret && !v && n == 0, "empty file: valid, 0 entries");

	v = (struct qq_server *)1;
	n = 99;
	path = write_file("comments", "# nothing\n\n   # here\n");
	ret = qq_servers_load_file(path, &v, &n, err, sizeof(err));
	check(!ret && !v && n == 0, "comments only: valid, 0 entries");

	v = (struct qq_server *)1;
	n = 99;
	snprintf(want, sizeof(want), "%s/nul", tmpdir);
	{
		FILE *f = fopen(want, "w");

		if (!f || fwrite("1.2.3.4\n5.6.7.8\0x\n", 1, 18, f) != 18 ||
		    fclose(f))
			exit(2);
	}
	ret = qq_servers_load_file(want, &v, &n, err, sizeof(err));
	check(ret < 0 && !v && !n && strstr(err, ":2: NUL byte in line"),
	      "NUL byte: \"%s\"", err);
	unlink(want);

	v = (struct qq_server *)1;
	n = 99;
	snprintf(want, sizeof(want), "%s/missing", tmpdir);
	ret = qq_servers_load_file(want, &v, &n, err, sizeof(err));
	check(ret < 0 && !v && !n && strstr(err, "missing: No such file or directory"),
	      "missing file: \"%s\"", err);

	v = (struct qq_server *)1;
	n = 99;
	ret = qq_servers_load_file(tmpdir, &v, &n, err, sizeof(err));
	check(ret < 0 && !v && !n && strstr(err, "Is a directory"),
	      "directory: \"%s\"", err);

	/* 100,000 distinct entries: the duplicate check stays fast. */
	{
		FILE *f;
		unsigned int i;

		snprintf(want, sizeof(want), "%s/big", tmpdir);
		f = fopen(want, "w");
		if (!f)
			exit(2);
		for (i = 0; i < 100000; i++)
			fprintf(f, "10.%u.%u.%u proto udp port 8000\n",
				i >> 16, (i >> 8) & 0xff, i & 0xff);
		if (fclose(f))
			exit(2);
		v = NULL;
		ret = qq_servers_load_file(want, &v, &n, err, sizeof(err));
		check(!ret && n == 100000, "100000 entries (ret %d n %zu)", ret, n);
		free(v);
		unlink(want);
	}

	unlink(write_file("good", ""));
	unlink(write_file("bad", ""));
	unlink(write_file("bad2", ""));
	unlink(write_file("dup", ""));
	unlink(write_file("empty", ""));
	unlink(write_file("comments", ""));
	rmdir(tmpdir);
}

/* The shipped lists must load; the default one has host entries only. */
static void test_shipped(const char *root)
{
	char path[4096], err[512];
	struct qq_server *v;
	size_t n, i, hosts = 0;
	int ret;

	snprintf(path, sizeof(path), "%s/userspace/servers.default", root);
	ret = qq_servers_load_file(path, &v, &n, err, sizeof(err));
	check(!ret && n > 0, "servers.default loads: %zu entries%s%s", n,
	      ret ? ", " : "", ret ? err : "");
	for (i = 0; !ret && i < n; i++)
		if (v[i].plen == (v[i].family == NFPROTO_IPV4 ? 32 : 128))
			hosts++;
	check(!ret && hosts == n, "servers.default: only host addresses (%zu of %zu)",
	      hosts, n);
	if (!ret)
		free(v);

	snprintf(path, sizeof(path), "%s/userspace/servers.tencent-asn", root);
	ret = qq_servers_load_file(path, &v, &n, err, sizeof(err));
	check(!ret && n > 0, "servers.tencent-asn loads: %zu entries%s%s", n,
	      ret ? ", " : "", ret ? err : "");
	if (!ret)
		free(v);
}

int main(int argc, char **argv)
{
	test_fields();
	test_entries();
	test_format();
	test_files();
	if (argc > 1)
		test_shipped(argv[1]);
	return check_done("servers-file");
}
