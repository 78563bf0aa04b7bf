# sendwatch -- build, test, demo, install.
# Sources are found by wildcard: a new module is a new .c/.h pair in its
# directory (any depth under config, probes, monitor, alerts), a new unit
# test is tests/unit/test_<module>.c. Every library object goes into one
# static library (build/libsendwatch.a, and build/libsendwatch-asan.a for
# the sanitizer builds) that sendwatch, the tests and the benchmarks link:
# touching one source recompiles that file and re-links, nothing else.
# Three executables (README Hacking, "Three executables"): `sendwatch`
# (monitor/main_front.c) links only libc and execs `sendwatch-check-dnsbl`
# (monitor/main_check_dnsbl.c, only DNSBL_PKGS) for check dnsbl and
# `sendwatch-full` (monitor/main.c, every library) for the rest; a link
# of the first two fails, saying why, when what they reach needs more.
# Compiler lines are short (`CC probes/dnsbl/dnsbl.c`); `make V=1` prints
# them in full. `make check TEST=test_target` builds and runs one test.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man
DATADIR  = $(PREFIX)/share/sendwatch
SYSCONFDIR ?= /etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
LIBEXECDIR ?= $(PREFIX)/libexec/sendwatch

VERSION := 0.1.0
CC      ?= cc
PKGS    := libunbound libcares ldns inih libcrypto libssl libxml-2.0 libarchive gmime-3.0 sqlite3 zlib libcurl json-c libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# All that sendwatch-check-dnsbl may link; the front end links only libc.
DNSBL_PKGS := libunbound libcares ldns inih libcrypto
DNSBL_LIBS := $(shell pkg-config --libs $(DNSBL_PKGS) 2>/dev/null)
EXTRA_LIBS ?= -lopendmarc

CFLAGS  ?= -O2 -g
WARN    := -std=c17 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral -Wno-format-truncation
DEFS    := -D_GNU_SOURCE -DSENDWATCH_VERSION='"$(VERSION)"' \
           -DSENDWATCH_SYSCONFDIR='"$(SYSCONFDIR)"' \
           -DSENDWATCH_LIBEXECDIR='"$(LIBEXECDIR)"'
INCS    := -I. $(PKG_CFLAGS)
# CPPFLAGS and LDFLAGS as a packager sets them (dpkg-buildflags: fortify,
# RELRO, BIND_NOW); empty by default.
ALL_CFLAGS = $(WARN) $(DEFS) $(INCS) $(CPPFLAGS) $(CFLAGS)
LIBS    := $(PKG_LIBS) $(EXTRA_LIBS) -lm
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

MAIN_SRC := monitor/main.c
FRONT_SRC := monitor/main_front.c
DNSBL_SRC := monitor/main_check_dnsbl.c
LIB_SRCS := $(filter-out $(MAIN_SRC) $(FRONT_SRC) $(DNSBL_SRC),$(sort $(shell find config probes monitor alerts -name '*.c')))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
INTEG_SRCS := $(wildcard tests/integration/test_*.c)
TEST_SUPPORT := $(wildcard tests/support/*.c)

OBJ  := build/obj
AOBJ := build/asan

LIB_OBJS  := $(LIB_SRCS:%.c=$(OBJ)/%.o)
LIB_AOBJS := $(LIB_SRCS:%.c=$(AOBJ)/%.o)
LIB_A     := build/libsendwatch.a
LIB_AA    := build/libsendwatch-asan.a
SUP_OBJS  := $(TEST_SUPPORT:%.c=$(OBJ)/%.o)
SUP_AOBJS := $(TEST_SUPPORT:%.c=$(AOBJ)/%.o)
TEST_NAMES := $(notdir $(basename $(UNIT_SRCS) $(INTEG_SRCS)))
TEST_BINS  := $(TEST_NAMES:%=build/tests/%)
ATEST_BINS := $(TEST_NAMES:%=build/tests-asan/%)

# Quiet by default: one short line per step; V=1 shows the commands.
V ?= 0
ifeq ($(V),0)
Q        = @
say      = @printf '  %-6s %s\n' $(1) $(2);
else
Q        =
say      =
endif

.PHONY: all deps test tests demo install clean bench check deb deb-test
.SECONDARY:
all: sendwatch sendwatch-full sendwatch-check-dnsbl

deps:
	@sh scripts/install-deps.sh

$(LIB_A): $(LIB_OBJS)
	$(call say,AR,$@)rm -f $@.tmp && $(AR) rcs $@.tmp $^ && mv $@.tmp $@

$(LIB_AA): $(LIB_AOBJS)
	$(call say,AR,$@)rm -f $@.tmp && $(AR) rcs $@.tmp $^ && mv $@.tmp $@

sendwatch-full: $(OBJ)/$(MAIN_SRC:.c=.o) $(LIB_A)
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/asan/sendwatch-full: $(AOBJ)/$(MAIN_SRC:.c=.o) $(LIB_AA)
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LIBS)

# The light executables: the linker takes from the library only the
# objects their main() reaches, and gets only the libraries named here to
# resolve them with (none but libc for the front end). An undefined
# reference here means a change made that code reach another library
# (curl, xml, sqlite, ...): keep the call on the sendwatch-full side
# (README Hacking, "Three executables"). Building sendwatch builds the
# two it runs.
LIGHT_FAILED = { echo "make: $@ links only $(1): the code it reaches now needs another library (the undefined references above); keep that call out of it (README Hacking, \"Three executables\")" >&2; exit 1; }
sendwatch: $(OBJ)/$(FRONT_SRC:.c=.o) $(LIB_A) | sendwatch-full sendwatch-check-dnsbl
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ || $(call LIGHT_FAILED,libc)

build/asan/sendwatch: $(AOBJ)/$(FRONT_SRC:.c=.o) $(LIB_AA) | build/asan/sendwatch-full build/asan/sendwatch-check-dnsbl
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(SAN) -o $@ $^ || $(call LIGHT_FAILED,libc)

sendwatch-check-dnsbl: $(OBJ)/$(DNSBL_SRC:.c=.o) $(LIB_A)
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(DNSBL_LIBS) || $(call LIGHT_FAILED,libc $(DNSBL_PKGS))

build/asan/sendwatch-check-dnsbl: $(AOBJ)/$(DNSBL_SRC:.c=.o) $(LIB_AA)
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(DNSBL_LIBS) || $(call LIGHT_FAILED,libc $(DNSBL_PKGS))

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(AOBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC-SAN,$<)$(CC) $(ALL_CFLAGS) $(SAN) -MMD -MP -c -o $@ $<

build/tests/%: $(OBJ)/tests/unit/%.o $(SUP_OBJS) $(LIB_A)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(CFLAGS) -o $@ $^ $(LIBS) -lcmocka

build/tests/%: $(OBJ)/tests/integration/%.o $(SUP_OBJS) $(LIB_A)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(CFLAGS) -o $@ $^ $(LIBS) -lcmocka

build/tests-asan/%: $(AOBJ)/tests/unit/%.o $(SUP_AOBJS) $(LIB_AA)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LIBS) -lcmocka

build/tests-asan/%: $(AOBJ)/tests/integration/%.o $(SUP_AOBJS) $(LIB_AA)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LIBS) -lcmocka

tests: sendwatch build/asan/sendwatch $(TEST_BINS) $(ATEST_BINS)

# One test, plain and under the sanitizers, from any directory:
#   make -C /path/to/sendwatch check TEST=test_target
# TEST may also be a shell test (TEST=dnsbl.sh); the lab is started
# around it as in `make test`.
check:
	@[ -n "$(TEST)" ] || { echo "make check: say which test, e.g. TEST=test_target (see tests/unit, tests/integration)" >&2; exit 2; }
	@$(MAKE) --no-print-directory -j$$(nproc) $(if $(filter %.sh,$(TEST)),sendwatch build/asan/sendwatch,build/tests/$(TEST) build/tests-asan/$(TEST)) $(if $(filter fuzz_replay.sh,$(TEST)),$(FUZZ_REPLAY))
	@sh tests/run.sh $(TEST)

# Benchmarks: each bench/<name>.c is a program build/bench/<name>;
# bench/dnsbl (a script, installs its own tools) is the DNSBL benchmark,
# bench/scale `run` on 100,000 addresses x 10 lists for three cycles,
# bench/startup the start-up cost of check dnsbl and --version against
# unbound-host and rblcheck (timed by build/bench/startup_run),
# bench/reports the DMARC report ingest benchmark, build/bench/bounces
# (bench/bounces.c) the MTA log reader against grep.
BENCH_BINS := $(patsubst bench/%.c,build/bench/%,$(wildcard bench/*.c))
bench: deps
	@$(MAKE) --no-print-directory sendwatch $(BENCH_BINS)
	@sh bench/dnsbl
	@sh bench/scale
	@sh bench/startup
	@sh bench/reports
	@build/bench/bounces

build/bench/%: $(OBJ)/bench/%.o $(LIB_A)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

# The README's test command: installs what it needs, builds, runs every test.
test: deps
	@$(MAKE) --no-print-directory -j$$(nproc) tests
	@sh tests/run.sh

# The README's demo command: installs, builds, starts the lab, runs sendwatch.
demo: deps
	@$(MAKE) --no-print-directory sendwatch
	@sh tests/lab/demo.sh

# install: the binary, man pages, unit, monitoring definitions under
# $(DATADIR) (Icinga 2, Nagios, and any Grafana dashboard in
# contrib/grafana/), the example config under share/doc. Paths inside the
# man pages, the unit and the definitions are rewritten to the installed
# ones (contrib/ says /usr/local/bin, /usr/local/share, /etc).
INSTALL_PATHS = -e 's|/usr/local/bin/sendwatch|$(BINDIR)/sendwatch|' \
	-e 's|/usr/local/libexec/sendwatch|$(LIBEXECDIR)|' \
	-e 's|/usr/local/share/|$(PREFIX)/share/|' \
	-e 's|/etc/sendwatch/|$(SYSCONFDIR)/sendwatch/|'
install: sendwatch sendwatch-full sendwatch-check-dnsbl
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)
	install -m 0755 sendwatch $(DESTDIR)$(BINDIR)/sendwatch
	install -m 0755 sendwatch-full $(DESTDIR)$(LIBEXECDIR)/sendwatch-full
	install -m 0755 sendwatch-check-dnsbl $(DESTDIR)$(LIBEXECDIR)/sendwatch-check-dnsbl
	@for m in contrib/*.1 contrib/*.5; do \
		[ -f "$$m" ] || continue; \
		sec=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$sec; \
		echo "install $$m $(DESTDIR)$(MANDIR)/man$$sec/"; \
		sed $(INSTALL_PATHS) "$$m" >$(DESTDIR)$(MANDIR)/man$$sec/$${m#contrib/} && \
		chmod 0644 $(DESTDIR)$(MANDIR)/man$$sec/$${m#contrib/} || exit 1; \
	done
	install -d $(DESTDIR)$(PREFIX)/share/doc/sendwatch
	install -m 0644 contrib/sendwatch.conf.example \
		$(DESTDIR)$(PREFIX)/share/doc/sendwatch/sendwatch.conf.example
	install -d $(DESTDIR)$(DATADIR)
	@for f in contrib/sendwatch-icinga2.conf contrib/sendwatch-nagios.cfg; do \
		echo "install $$f $(DESTDIR)$(DATADIR)/"; \
		sed $(INSTALL_PATHS) "$$f" >$(DESTDIR)$(DATADIR)/$${f#contrib/} && \
		chmod 0644 $(DESTDIR)$(DATADIR)/$${f#contrib/} || exit 1; \
	done
	@for f in contrib/grafana/*.json; do \
		[ -f "$$f" ] || continue; \
		install -d $(DESTDIR)$(DATADIR)/grafana && \
		install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/grafana/ || exit 1; \
	done
	install -d $(DESTDIR)$(UNITDIR)
	sed $(INSTALL_PATHS) contrib/sendwatch.service >$(DESTDIR)$(UNITDIR)/sendwatch.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/sendwatch.service

# The Debian package (contrib/debian/): built by scripts/build-deb.sh in a
# copy of the tree under build/deb, with the build tools of
# scripts/packages-deb.txt and the Build-Depends installed as needed; the
# .deb lands here. Rebuilt only when a source, contrib/ or this file
# changed, so deb-test and `make test` build it once.
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo unknown)
DEB      := sendwatch_$(VERSION)_$(DEB_ARCH).deb
deb: $(DEB)
$(DEB): Makefile $(shell find config probes monitor alerts contrib scripts -type f 2>/dev/null)
	@sh scripts/build-deb.sh

# Builds the package if needed, installs it into a temporary root and
# checks files, modes, unit, lintian, remove and purge (tests/integration/deb.sh,
# which `make test` also runs).
deb-test:
	@SENDWATCH_TOP=$(CURDIR) sh tests/integration/deb.sh

clean:
	rm -rf build sendwatch sendwatch-full sendwatch-check-dnsbl sendwatch_*.deb

-include $(shell find build -name '*.d' 2>/dev/null)

# Fuzz targets: tests/fuzz/fuzz_<parser>.c, one parser each. `make test`
# replays their seeds and saved crash inputs (tests/fuzz/seeds.txt) under
# ASan/UBSan through a driver gcc builds (build/fuzz-replay/NAME);
# `make fuzz [FUZZ_SECONDS=60] [FUZZ="fuzz_config ..."]` builds each with
# clang and libFuzzer over a coverage-instrumented build of the library
# (build/fuzz/) and runs it for FUZZ_SECONDS (scripts/fuzz.sh).
FUZZ_SRCS   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES  := $(notdir $(basename $(FUZZ_SRCS)))
FUZZ_REPLAY := $(FUZZ_NAMES:%=build/fuzz-replay/%)
FUZZ_SECONDS ?= 60
FUZZ ?= $(FUZZ_NAMES)
FUZZ_CC     ?= clang
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# gcc is the warnings gate; clang only has to build
FUZZ_CFLAGS  = -std=c17 -g -O1 -w $(DEFS) $(INCS) $(FUZZ_SAN)
FOBJ        := build/fuzz/obj
FUZZ_LIB    := build/fuzz/libsendwatch-fuzz.a

build/fuzz-replay/%: $(AOBJ)/tests/fuzz/%.o $(AOBJ)/tests/fuzz/driver.o $(AOBJ)/tests/fuzz/support.o $(LIB_AA)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LIBS)

tests: $(FUZZ_REPLAY)

$(FOBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CLANG,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(LIB_SRCS:%.c=$(FOBJ)/%.o) $(FOBJ)/tests/fuzz/support.o
	$(call say,AR,$@)rm -f $@.tmp && $(AR) rcs $@.tmp $^ && mv $@.tmp $@

build/fuzz/bin/%: tests/fuzz/%.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

.PHONY: fuzz
fuzz: deps
	@sh scripts/install-deps.sh scripts/packages-fuzz.txt
	@$(MAKE) --no-print-directory -j$$(nproc) $(FUZZ:%=build/fuzz/bin/%)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh scripts/fuzz.sh $(FUZZ)
