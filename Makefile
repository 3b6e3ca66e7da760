# scry — build, test, install.
#
#   make            build ./scry (installs missing Debian -dev packages first when root)
#   make test       unit tests (cmocka) + end-to-end tests (TAP via prove)
#   make demo       build, then trace a short real command
#   make deps       install the Debian packages scry needs (apt-get)
#   make install    PREFIX=/usr/local DESTDIR=
#   make SANITIZE=1 ASan + UBSan build (make test SANITIZE=1 tests it)
#   make fuzz       libFuzzer harnesses (tests/fuzz), each run FUZZ_SECONDS (60);
#                   make fuzz-smoke: 3 s each
#
# Objects live in $(O) so that a sanitized and a plain build never mix.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= gcc
CLANG     ?= clang
SANITIZE  ?= 0

# pkg-config module -> Debian package providing it. Tables as data.
PKG_MODULES := libtraceevent:libtraceevent-dev libelf:libelf-dev libdw:libdw-dev \
               libunwind:libunwind-dev libzstd:libzstd-dev cmocka:libcmocka-dev \
               libbpf:libbpf-dev zlib:zlib1g-dev libdebuginfod:libdebuginfod-dev
# Programs the build and the tests run -> Debian package.
DEB_TOOLS   := clang:clang prove:perl strace:strace pkg-config:pkg-config man:man-db bpftrace:bpftrace \
               chromium:chromium chromedriver:chromium-driver go:golang-go debuginfod:debuginfod curl:curl
# Data the tests read, nothing to run or link: checked with dpkg-query
# (libc's separate debug file, for probing libc by name with variables;
# glibc's source tarball, for probe -s; Selenium's Python module, which
# drives chromium in tests/shell/flamegraph-browser.t).
DEB_DATA    := libc6-dbg glibc-source python3-selenium
DEB_PACKAGES := $(foreach m,$(PKG_MODULES),$(word 2,$(subst :, ,$(m)))) \
                $(foreach t,$(DEB_TOOLS),$(word 2,$(subst :, ,$(t)))) linux-libc-dev $(DEB_DATA)

ifeq ($(FUZZ),1)
# make fuzz: util/ built by clang with libFuzzer's coverage and ASan+UBSan.
O         ?= build/fuzz
CC        := $(CLANG)
SANFLAGS  := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined -Wno-unknown-warning-option
else ifeq ($(SANITIZE),1)
O         ?= build/san
SANFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
O         ?= build/opt
SANFLAGS  :=
endif

LIBS_PC   := libtraceevent libelf libdw libbpf libzstd libunwind-generic zlib libdebuginfod
CFLAGS    ?= -O2 -g
CFLAGS    += -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
             -Wformat=2 -Wno-format-nonliteral -Wno-format-truncation -D_GNU_SOURCE -I. -I$(O) $(SANFLAGS) \
             -DSCRY_VERSION='"$(VERSION)"'
PKG_CFLAGS = $(shell pkg-config --cflags $(LIBS_PC) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(LIBS_PC) 2>/dev/null)
LDFLAGS   += $(SANFLAGS)
LDLIBS    += $(PKG_LIBS) -lpthread -lm -lstdc++

UTIL_SRCS := $(wildcard util/*.c) $(wildcard util/*/*.c) $(wildcard util/trace/beauty/*.c) \
             $(wildcard arch/x86/*.c)
CMD_SRCS  := $(wildcard builtin-*.c)
UTIL_OBJS := $(patsubst %.c,$(O)/%.o,$(UTIL_SRCS)) $(O)/util/trace/syscalls-table.o \
             $(O)/util/trace/bpf/embed.o
CMD_OBJS  := $(patsubst %.c,$(O)/%.o,$(CMD_SRCS) scry.c)

BPF_SRCS  := $(wildcard util/trace/bpf/*.bpf.c)
BPF_OBJS  := $(patsubst %.bpf.c,$(O)/%.bpf.o,$(BPF_SRCS))

UNIT_SRCS := $(wildcard tests/unit/test-*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(O)/tests/unit/%,$(UNIT_SRCS))
PROG_SRCS := $(wildcard tests/progs/*.c)
PROG_BINS := $(patsubst tests/progs/%.c,$(O)/tests/progs/%,$(PROG_SRCS))

DEPS_STAMP := build/.deps-ok

.PHONY: all deps test unit e2e demo install clean check-deps bench soak scry fuzz fuzz-bins fuzz-smoke
all: scry

# ---- dependencies -------------------------------------------------------
# The stamp is remade only when missing, so a normal build costs one stat.
$(DEPS_STAMP):
	@./scripts/check-deps.sh "$(PKG_MODULES)" "$(DEB_TOOLS)" "$(DEB_PACKAGES)" auto "$(DEB_DATA)"
	@mkdir -p build && touch $@

deps:
	@./scripts/check-deps.sh "$(PKG_MODULES)" "$(DEB_TOOLS)" "$(DEB_PACKAGES)" install "$(DEB_DATA)"
	@mkdir -p build && touch $(DEPS_STAMP)

# ---- the binary ------------------------------------------------------------
# ./scry is the plain build; a SANITIZE=1 build stays in build/san/scry.
ifeq ($(SANITIZE),1)
scry: $(O)/scry
else
scry: $(O)/scry
	@cp -f $< $@
endif

$(O)/scry: $(DEPS_STAMP) $(UTIL_OBJS) $(CMD_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(UTIL_OBJS) $(CMD_OBJS) $(LDLIBS)

$(O)/%.o: %.c $(DEPS_STAMP) | $(O)/util/trace/syscalls-table.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# The syscall table is generated from the installed kernel headers.
$(O)/util/trace/syscalls-table.c $(O)/util/trace/syscalls-table.h &: arch/x86/gen-syscalls.sh $(DEPS_STAMP)
	@mkdir -p $(O)/util/trace
	./arch/x86/gen-syscalls.sh $(O)/util/trace/syscalls-table.c $(O)/util/trace/syscalls-table.h

$(O)/util/trace/syscalls-table.o: $(O)/util/trace/syscalls-table.c
	$(CC) $(CFLAGS) -c -o $@ $<

# BPF programs: compiled with clang, embedded into the binary with .incbin.
BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_x86 -I. -I/usr/include/$(shell gcc -dumpmachine) -Wall -Werror
$(O)/util/trace/bpf/%.bpf.o: util/trace/bpf/%.bpf.c util/trace/bpf/syscall-record.h $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c -o $@ $<

$(O)/util/trace/bpf/embed.o: util/trace/bpf/embed.S $(BPF_OBJS)
	$(CC) -c -DSYSCALL_TRACE_OBJ='"$(O)/util/trace/bpf/syscall-trace.bpf.o"' -o $@ $<

# ---- tests -------------------------------------------------------------------
TEST_LIB_OBJS = $(filter-out $(O)/scry.o,$(UTIL_OBJS))
UNIT_LIBS = $(LDLIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

$(O)/tests/unit/%: tests/unit/%.c $(UTIL_OBJS) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(UTIL_OBJS) $(UNIT_LIBS) $(LDFLAGS)

# Test programs: -O0 -g (known lines and variables) unless the source's own
# "// cflags: ..." line says otherwise (-O2 -fomit-frame-pointer for the
# unwinder and probe tests), no sanitizer: they are the traced workload.
$(O)/tests/progs/%: tests/progs/%.c
	@mkdir -p $(dir $@)
	$(CC) $(or $(shell sed -n 's|^// cflags: ||p' $<),-O0 -g) -Wall -Werror -D_GNU_SOURCE -o $@ $< -lpthread

# Programs built from another one's source (#include "X.c") with other flags.
$(O)/tests/progs/sc-stack-fp: tests/progs/sc-stack.c

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

# Sanitized runs: leaks inside libraries scry links are not scry's (tests/lsan.supp).
SAN_ENV := $(if $(filter 1,$(SANITIZE)),LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0)

e2e: scry $(PROG_BINS)
	$(SAN_ENV) SCRY=$(CURDIR)/$(O)/scry PROGS=$(CURDIR)/$(O)/tests/progs prove -v tests/shell/

# fuzz-smoke: each libFuzzer harness a few seconds, so a parser that
# crashes on what a fuzzer finds at once fails the tests (make fuzz runs
# them longer).
test: unit e2e fuzz-smoke

demo: scry
	@./scripts/demo.sh ./scry

bench: scry $(PROG_BINS)
	./bench/trace-overhead
	./bench/record-overhead
	./bench/script-speed
	./bench/report-speed
	./bench/unwind-speed
	./bench/probe-speed
	PROGS=$(CURDIR)/$(O)/tests/progs ./bench/lang-uprobe-hist
	PROGS=$(CURDIR)/$(O)/tests/progs ./bench/lang-syscall-count
	PROGS=$(CURDIR)/$(O)/tests/progs ./bench/lang-exact
	./bench/lang-startup
	PROGS=$(CURDIR)/$(O)/tests/progs ./bench/lang-kernel-cost
	PROGS=$(CURDIR)/$(O)/tests/progs ./bench/lang-printf
	./bench/bpftrace-suite
	SCRY=$(CURDIR)/$(O)/scry ./bench/lang-offline

# ---- fuzzing ------------------------------------------------------------------
# Each tests/fuzz/fuzz-NAME.c is linked with libFuzzer against build/fuzz's
# util/ and run FUZZ_SECONDS on its seeds (tests/fuzz/corpus/NAME) plus
# what earlier runs found (build/fuzz/corpus/NAME); crashes are left as
# build/fuzz/crash-NAME-* and fail the target.
FUZZ_SECONDS ?= 60
FUZZ_NAMES := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz-*.c))

$(O)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(UTIL_OBJS) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -fsanitize=fuzzer -o $@ $< $(UTIL_OBJS) $(LDLIBS) $(LDFLAGS)

fuzz-bins: $(patsubst %,$(O)/tests/fuzz/%,$(FUZZ_NAMES))

# The unit test that replays the harnesses' corpora includes their sources.
$(O)/tests/unit/test-fuzz-corpus: $(wildcard tests/fuzz/*.c tests/fuzz/*.h)

fuzz:
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-bins
	./tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=2

# The soak benchmark: 20+ minutes (SOAK_SECONDS=600 per session): not part of bench.
soak: scry
	SCRY=$(CURDIR)/$(O)/scry ./bench/soak

# ---- install -----------------------------------------------------------------
MAN_PAGES := $(wildcard Documentation/*.1)
install: scry
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 scry $(DESTDIR)$(PREFIX)/bin/scry
	install -m 0644 $(MAN_PAGES) $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build scry

-include $(shell find build -name '*.d' 2>/dev/null)
