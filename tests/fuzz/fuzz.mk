# fuzz.mk: builds the libFuzzer targets of tests/fuzz/ with clang into
# build/fuzz/ (run from the top of the tree; tests/fuzz/run.sh does).
# Every src/ file but main.c is compiled with coverage and the sanitizers;
# a target that includes a src/ file itself (to reach its static
# functions) leaves that object out.

FUZZ_CC	?= clang
OUT	?= build/fuzz

# libvips: headers only, as the Makefile's (the worker loads it). zlib:
# fuzz_gzip inflates libdeflate's copies with another decoder.
LIBS_PC	= libmicrohttpd fcgi sqlite3 libsodium jansson inih \
	libdeflate zlib \
	icu-uc icu-i18n liboath libqrencode
PKG_CFLAGS := $(shell pkg-config --cflags $(LIBS_PC) vips)
PKG_LIBS := $(shell pkg-config --libs $(LIBS_PC)) -lstemmer -lpthread
# FUZZ_EXTRA: more flags for everything, e.g. -fno-sanitize=pointer-overflow
# to fuzz past a known report while its fix is pending.
FUZZ_EXTRA ?=
BASE	= -std=c17 -D_GNU_SOURCE -Isrc -g -O1 -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined $(PKG_CFLAGS)
SRC_CFLAGS = $(BASE) -Wall -Wextra \
	-fsanitize=fuzzer-no-link,address,undefined $(FUZZ_EXTRA)
FUZZ_CFLAGS = $(BASE) -Wall -Wextra -Werror -Itests/fuzz \
	-fsanitize=fuzzer,address,undefined $(FUZZ_EXTRA)

SQL	= sql/schema.sql sql/seed.sql $(sort $(wildcard sql/migrations/*.sql))
SRCS	= $(filter-out src/main.c src/render/%,$(wildcard src/*.c src/*/*.c))
OBJS	= $(SRCS:%.c=$(OUT)/obj/%.o) $(OUT)/obj/gen/sql_embed.o \
	$(OUT)/obj/gen/common_passwords.o
TARGETS	= $(patsubst tests/fuzz/%.c,$(OUT)/%, \
	$(wildcard tests/fuzz/fuzz_*.c))

EXCLUDE_fuzz_fcgi_params = $(OUT)/obj/src/transport/fcgi.o

# The render worker each target spawns, found beside it: with the
# sanitizers, not the fuzzer (it is no target).
RENDER_SRCS = src/render/main.c src/lib/file.c
RENDER_CFLAGS = $(BASE) -Wall -Wextra -Werror -fsanitize=address,undefined \
	$(FUZZ_EXTRA)

.PHONY: all
all: $(TARGETS) $(OUT)/waypoint-render

$(OUT)/waypoint-render: $(RENDER_SRCS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(RENDER_CFLAGS) -o $@ $(RENDER_SRCS) -lcmark-gfm \
		-lcmark-gfm-extensions

$(OUT)/fuzz_%: tests/fuzz/fuzz_%.c $(OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -MF $@.d -o $@ $< \
		$(filter-out $(EXCLUDE_fuzz_$*),$(OBJS)) $(PKG_LIBS)

$(OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(SRC_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/obj/gen/sql_embed.c: $(SQL) tools/embed.sh
	@mkdir -p $(dir $@)
	tools/embed.sh $@ $(SQL)

$(OUT)/obj/gen/sql_embed.o: $(OUT)/obj/gen/sql_embed.c
	$(FUZZ_CC) $(SRC_CFLAGS) -c -o $@ $<

$(OUT)/obj/gen/common_passwords.c: data/common-passwords.txt \
    tools/embed_list.sh
	@mkdir -p $(dir $@)
	tools/embed_list.sh $@ common_passwords data/common-passwords.txt

$(OUT)/obj/gen/common_passwords.o: $(OUT)/obj/gen/common_passwords.c
	$(FUZZ_CC) $(SRC_CFLAGS) -c -o $@ $<

-include $(OBJS:.o=.d) $(TARGETS:=.d)
