# Waypoint: `make run` builds and serves the demo site; `make test` runs every
# test. Both install missing Debian packages first (as root) or say how.

CC	?= cc
PREFIX	?= /usr/local
DESTDIR	?=
# Where an installed waypoint (PREFIX/bin beside PREFIX/share/waypoint)
# reads its configuration and keeps its database: compiled into
# src/config_dirs.c, which is rebuilt when they change.
SYSCONFDIR	?= /etc/waypoint
LOCALSTATEDIR	?= /var/lib/waypoint

# Debian packages the build needs, and those the tests need on top.
BUILD_PKGS = build-essential pkg-config libfcgi-dev libmicrohttpd-dev \
	libsqlite3-dev libsodium-dev libjansson-dev libcmark-gfm-dev \
	libcmark-gfm-extensions-dev libinih-dev libdeflate-dev libicu-dev tzdata \
	liboath-dev libqrencode-dev libstemmer-dev libvips-dev
TEST_PKGS = libcmocka-dev zlib1g-dev curl python3 sqlite3 nginx spawn-fcgi wrk \
	chromium nodejs default-jre-headless clang libclang-rt-14-dev gettext \
	systemd libimage-exiftool-perl libvips-tools \
	libnginx-mod-http-cache-purge

# libvips gives its headers only: the media worker loads the library at
# run time (src/media/vips_load.h), so that no other process maps it.
# cmark-gfm: waypoint-render's alone (RENDER_LIBS), never the server's.
LIBS_PC	= libmicrohttpd fcgi sqlite3 libsodium jansson inih \
	libdeflate icu-uc icu-i18n liboath libqrencode
# zlib: the tests inflate the gzip copies with a decoder not libdeflate's.
TEST_PC	= zlib
PKG_CFLAGS = $(shell pkg-config --cflags $(LIBS_PC) vips 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(LIBS_PC) 2>/dev/null) \
	-lstemmer -lpthread

ifeq ($(SAN),1)
BUILD	= build/san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
OPT	= -O1 -g
else ifeq ($(BENCH),1)
BUILD	= build/bench
SANFLAGS =
OPT	= -O2 -DNDEBUG
else
BUILD	= build/debug
SANFLAGS =
OPT	= -O2 -g
endif

CFLAGS	+= -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Isrc $(OPT) \
	$(SANFLAGS) $(PKG_CFLAGS)
LDFLAGS	+= $(SANFLAGS)

# src/render/ is waypoint-render's, a program of its own (RENDER_OBJS).
SRCS	= $(filter-out src/render/%,$(wildcard src/*.c src/*/*.c))
OBJS	= $(SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/sql_embed.o \
	$(BUILD)/gen/common_passwords.o
LIB_OBJS = $(filter-out $(BUILD)/src/main.o,$(OBJS))
SQL	= sql/schema.sql sql/seed.sql $(sort $(wildcard sql/migrations/*.sql))
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# The render worker: cmark-gfm and libc only (src/render/main.c says why).
RENDER_OBJS = $(BUILD)/src/render/main.o $(BUILD)/src/lib/file.o
RENDER_LIBS = $(shell pkg-config --libs libcmark-gfm 2>/dev/null) \
	-lcmark-gfm-extensions

.PHONY: FORCE all deps test-deps run test unit http lint conformance bench \
	install clean unit-bins browser storage load crash fuzz po port

all: waypoint

deps:
	@tools/deps.sh $(BUILD_PKGS)

test-deps: deps
	@tools/deps.sh $(TEST_PKGS)

# The binary at the top is the one the README and the tests use; SAN=1 and
# BENCH=1 builds live under build/ only.
# Each binary that renders Markdown finds waypoint-render beside itself
# (src/view/markdown_worker.c): a copy goes wherever one is built.
waypoint: $(BUILD)/waypoint $(BUILD)/waypoint-render FORCE
	@cmp -s $< $@ || { cp $< $@.tmp && mv -f $@.tmp $@; }
	@cmp -s $(BUILD)/waypoint-render waypoint-render || { cp \
		$(BUILD)/waypoint-render waypoint-render.tmp && \
		mv -f waypoint-render.tmp waypoint-render; }

$(BUILD)/waypoint: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS)

$(BUILD)/waypoint-render: $(RENDER_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(RENDER_OBJS) $(RENDER_LIBS)

# Through a new file: a running test's worker keeps the old one (cp over
# it would fail with "Text file busy").
$(BUILD)/tests/waypoint-render: $(BUILD)/waypoint-render
	@mkdir -p $(dir $@)
	cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

DIRS_FLAGS = -DSYSCONFDIR='"$(SYSCONFDIR)"' \
	-DLOCALSTATEDIR='"$(LOCALSTATEDIR)"'
$(BUILD)/dirs.flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DIRS_FLAGS)' | cmp -s - $@ || echo '$(DIRS_FLAGS)' >$@
$(BUILD)/src/config_dirs.o: CFLAGS += $(DIRS_FLAGS)
$(BUILD)/src/config_dirs.o: $(BUILD)/dirs.flags

$(BUILD)/gen/sql_embed.c: $(SQL) tools/embed.sh
	@mkdir -p $(dir $@)
	tools/embed.sh $@ $(SQL)

$(BUILD)/gen/sql_embed.o: $(BUILD)/gen/sql_embed.c
	$(CC) $(CFLAGS) -c -o $@ $<

# The common passwords a new password may not be (data/README.md).
$(BUILD)/gen/common_passwords.c: data/common-passwords.txt tools/embed_list.sh
	@mkdir -p $(dir $@)
	tools/embed_list.sh $@ common_passwords data/common-passwords.txt

$(BUILD)/gen/common_passwords.o: $(BUILD)/gen/common_passwords.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -o $@ $< \
		$(LIB_OBJS) $(LDFLAGS) $(PKG_LIBS) \
		$(shell pkg-config --libs cmocka $(TEST_PC))

$(BUILD)/mustache_spec: tests/conformance/mustache_spec.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(PKG_LIBS)

run: deps waypoint
	@test -f var/waypoint.db || ./waypoint db init
	./waypoint serve

test: test-deps
	$(MAKE) --no-print-directory waypoint unit-bins
	@tests/run_all.sh $(BUILD)

unit-bins: $(UNIT_BINS) $(BUILD)/mustache_spec $(BUILD)/waypoint-render \
	$(BUILD)/tests/waypoint-render

lint:
	@tests/lint.sh

# For translators: po/waypoint.pot (not kept in git) made again from the
# {{_ … _}} markers of the templates and T()/TN()/N_() in src/, and every
# po/*.po brought up to date with it (new messages empty, changed ones
# fuzzy). make test fails while po/hu.po lacks any of them.
po:
	@python3 tools/po_check.py pot po/waypoint.pot
	@for f in po/*.po; do \
		msgmerge --quiet --update --backup=none --no-location \
			"$$f" po/waypoint.pot || exit 1; \
	done

# waypoint export and import (tests/port/port.py); part of make test.
port: test-deps
	$(MAKE) --no-print-directory waypoint
	@tests/port/run.sh $(BUILD)/waypoint

# Backups, a read-only or full database, a held write lock, 10 editors at
# once; part of make test.
storage: test-deps
	$(MAKE) --no-print-directory waypoint
	@tests/faults/run_storage.sh $(BUILD)/waypoint

# kill -9 of waypoint fcgi during publishes, nginx reloaded and restarted
# under load, a stalled FastCGI peer, kill -9 of waypoint serve during media
# uploads; part of make test.
crash: test-deps
	$(MAKE) --no-print-directory waypoint
	@tests/faults/run_crash.sh $(BUILD)/waypoint
	@tests/faults/run_media_crash.sh $(BUILD)/waypoint

# wrk at 64 connections on both transports while 10 editors save, and 500
# half-open connections; make test runs it for 5 s, this for SECONDS (60).
# SCALE=N: waypoint serve's run over N generated releases, its memory
# sampled (tests/bench/scale.py makes the content), and the cache tier's
# checks over as many (tests/http/cache_tier.sh). Then 100 sites on one
# waypoint fcgi behind nginx, 100,000 requests (tests/http/sites100.sh).
load: test-deps
	$(MAKE) --no-print-directory waypoint
	@SCALE=$(SCALE) tests/load/run.sh $(BUILD)/waypoint $(or $(SECONDS),60)
ifdef SCALE
	@CACHE_TIER_SCALE=$(SCALE) tests/http/cache_tier.sh $(BUILD)/waypoint
endif
	@tests/http/sites100.sh $(BUILD)/waypoint 100000

# libFuzzer targets (Debian's clang) for SECONDS each, two at a time;
# make test runs each for 3 s.
fuzz: test-deps
	@FUZZ_JOBS=2 tests/fuzz/run.sh $(or $(SECONDS),60)

# The editor's path in headless Chromium (Playwright); part of make test.
browser: test-deps waypoint
	@tests/browser/run.sh ./waypoint $(BUILD)/browser

# The spec's JSON files, vendored (MIT, licence beside them); all 163
# tests must run and pass.
MUSTACHE_SPEC_DIR ?= tests/conformance/spec
conformance: deps $(BUILD)/mustache_spec
	$(BUILD)/mustache_spec $(MUSTACHE_SPEC_DIR)

# The bare responders run.py measures waypoint against (never installed).
$(BUILD)/bare_%: tests/bench/bare_%.c tests/bench/bare_answer.c \
		tests/bench/bare_answer.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< tests/bench/bare_answer.c $(LDFLAGS) \
		$(shell pkg-config --libs libmicrohttpd fcgi) -lpthread

# SCALE=N: instead, tests/bench/scale.py's table of every public URL and
# of the admin's writes, the demo database against N more releases.
bench: test-deps
	$(MAKE) --no-print-directory BENCH=1 waypoint build/bench/bare_mhd \
		build/bench/bare_fcgi
ifdef SCALE
	@python3 tests/bench/scale.py build/bench/waypoint $(SCALE)
else
	@python3 tests/bench/run.py build/bench/waypoint
	@python3 tests/bench/search.py build/bench/waypoint
	@python3 tests/bench/media.py build/bench/waypoint
	@python3 tests/bench/sites.py build/bench/waypoint
	@python3 tests/bench/cache_tier.py build/bench/waypoint
endif

# Where a packager expects things: the binary in bin, templates, static
# files, SQL and the catalogs of po/ in share/waypoint, where the installed
# binary finds them from any folder (src/config_dirs.c), the configuration
# in SYSCONFDIR unless one is there already, examples in share/doc. The
# static text files get a .gz beside them for nginx's gzip_static.
install: waypoint
	install -d $(DESTDIR)$(PREFIX)/bin \
		$(DESTDIR)$(PREFIX)/share/waypoint \
		$(DESTDIR)$(PREFIX)/share/doc/waypoint/examples/systemd \
		$(DESTDIR)$(SYSCONFDIR)
	install -m 0755 waypoint $(DESTDIR)$(PREFIX)/bin/waypoint
	install -m 0755 waypoint-render $(DESTDIR)$(PREFIX)/bin/waypoint-render
	cp -R www sql po $(DESTDIR)$(PREFIX)/share/waypoint/
	tools/gzip_static.sh $(DESTDIR)$(PREFIX)/share/waypoint/www/static
	install -m 0644 README.md LICENSE $(DESTDIR)$(PREFIX)/share/doc/waypoint/
	install -m 0644 conf/waypoint.conf conf/nginx.conf \
		$(DESTDIR)$(PREFIX)/share/doc/waypoint/examples/
	install -m 0644 conf/systemd/* \
		$(DESTDIR)$(PREFIX)/share/doc/waypoint/examples/systemd/
	test -e $(DESTDIR)$(SYSCONFDIR)/waypoint.conf || \
		install -m 0644 conf/waypoint.conf $(DESTDIR)$(SYSCONFDIR)/

clean:
	rm -rf build waypoint waypoint-render

-include $(OBJS:.o=.d)
