# smtp-server - plain Makefile; honours CC, CFLAGS, CPPFLAGS, LDFLAGS,
# PREFIX and DESTDIR.

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -Werror
CPPFLAGS ?=
LDFLAGS  ?=
PREFIX   ?= /usr/local
DESTDIR  ?=

# The protocol core: no I/O, so it needs nothing but the C library.
CORE_SRC = src/smtpd.c src/smtpd_cmd.c src/smtpd_parse.c src/smtpd_data.c \
           src/smtpd_sasl.c
CORE_HDR = src/smtpd.h src/smtpd_internal.h
CORE_OBJ = $(CORE_SRC:.c=.o)

# The core's tests run under AddressSanitizer and UndefinedBehaviorSanitizer.
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
TEST_CFLAGS = $(WARN) -O1 -g $(SAN) -D_POSIX_C_SOURCE=200809L -Isrc

# The program: the core plus its host-side roles.  libtls is loaded with
# dlopen() on STARTTLS only (tls_stdio.c), so nothing links it; its header
# comes from libtls-dev and its file name from the installed library.
PROG_SRC = src/smtp-server.c src/conf.c src/netio.c src/tls_stdio.c \
           src/child.c src/spool.c src/log.c src/opt.c
PROG_HDR = src/conf.h src/netio.h src/tls_stdio.h src/child.h src/spool.h \
           src/log.h src/opt.h src/smtpd.h
PROG_OBJ = $(PROG_SRC:.c=.o)
MAILDIR_SRC = src/smtp-maildir.c src/maildir.c
MAILDIR_OBJ = $(MAILDIR_SRC:.c=.o)
# The evented host: one epoll loop per worker, many sessions each; it
# shares the logging, spool and Maildir modules.
EVENTED_SRC = src/smtpd-evented.c src/evented_loop.c src/evented_policy.c
EVENTED_OBJ = $(EVENTED_SRC:.c=.o)
EVENTED_HDR = src/evented_loop.h src/evented_policy.h src/smtpd.h \
              src/log.h src/opt.h src/maildir.h src/spool.h
EVENTED_LIB = src/spool.o src/log.o src/opt.o src/maildir.o
# The threaded host: one thread per connection; it shares the connection
# I/O, TLS, logging, spool and Maildir modules with smtp-server.
THREADED_SRC = src/smtpd-threaded.c src/threaded_listen.c
THREADED_OBJ = $(THREADED_SRC:.c=.o)
THREADED_HDR = src/threaded_listen.h src/smtpd.h src/log.h src/opt.h src/maildir.h \
               src/netio.h src/spool.h src/tls_stdio.h
THREADED_LIB = src/netio.o src/tls_stdio.o src/spool.o src/log.o src/opt.o \
               src/maildir.o
LIBTLS_SONAME ?= $(shell objdump -p "$$($(CC) -print-file-name=libtls.so)" \
                   2>/dev/null | awk '/SONAME/ {print $$2}')
PROG_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_GNU_SOURCE \
                -DLIBTLS_SONAME='"$(or $(LIBTLS_SONAME),libtls.so.26)"'

all: deps-build libsmtpd.a smtp-server smtp-maildir smtpd-evented \
     smtpd-threaded

deps-build:
	@sh t/deps.sh build

$(PROG_OBJ) $(MAILDIR_OBJ): src/%.o: src/%.c $(PROG_HDR) src/maildir.h
	$(CC) $(WARN) $(PROG_CPPFLAGS) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

smtp-server: $(PROG_OBJ) libsmtpd.a
	$(CC) $(CFLAGS) $(LDFLAGS) $(PROG_OBJ) libsmtpd.a -o $@

smtp-maildir: $(MAILDIR_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) $(MAILDIR_OBJ) -o $@

$(EVENTED_OBJ): src/%.o: src/%.c $(EVENTED_HDR)
	$(CC) $(WARN) $(PROG_CPPFLAGS) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

smtpd-evented: $(EVENTED_OBJ) $(EVENTED_LIB) libsmtpd.a
	$(CC) $(CFLAGS) $(LDFLAGS) $(EVENTED_OBJ) $(EVENTED_LIB) libsmtpd.a -o $@

$(THREADED_OBJ): src/%.o: src/%.c $(THREADED_HDR)
	$(CC) $(WARN) $(PROG_CPPFLAGS) $(CPPFLAGS) $(CFLAGS) -pthread -c $< -o $@

smtpd-threaded: $(THREADED_OBJ) $(THREADED_LIB) libsmtpd.a
	$(CC) $(CFLAGS) $(LDFLAGS) -pthread $(THREADED_OBJ) $(THREADED_LIB) \
	    libsmtpd.a -o $@

$(CORE_OBJ): src/%.o: src/%.c $(CORE_HDR)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

libsmtpd.a: $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $(CORE_OBJ)

t/core/replay: t/core/replay.c $(CORE_SRC) $(CORE_HDR)
	$(CC) $(TEST_CFLAGS) t/core/replay.c $(CORE_SRC) -o $@

# API edge cases; the core's allocations are counted through --wrap.
t/core/api: t/core/api.c $(CORE_SRC) $(CORE_HDR)
	$(CC) $(TEST_CFLAGS) t/core/api.c $(CORE_SRC) \
	    -Wl,--wrap=calloc,--wrap=malloc,--wrap=realloc,--wrap=free -o $@

# The fuzz targets' corpora, replayed without libFuzzer (make fuzz runs
# the real fuzzers with clang; see t/fuzz/README.md).
FUZZ_TARGETS = session path sasl
FUZZ_REPLAY = $(FUZZ_TARGETS:%=t/fuzz/replay-%)
$(FUZZ_REPLAY): t/fuzz/replay-%: t/fuzz/replay.c t/fuzz/fuzz_%.c \
    t/fuzz/fuzz_common.h $(CORE_SRC) $(CORE_HDR)
	$(CC) $(TEST_CFLAGS) -DFUZZ_NAME='"$*"' t/fuzz/replay.c \
	    t/fuzz/fuzz_$*.c $(CORE_SRC) -o $@

fuzz:
	sh t/fuzz/run.sh

# Benchmarks (t/bench/README.md).  The floor and the discard program are
# static: they stand for the least a process can cost.  core-bench counts
# the core's allocations through --wrap; its sanitized build runs a quick
# pass in make test.
BENCH_WRAP = -Wl,--wrap=calloc,--wrap=malloc,--wrap=realloc,--wrap=free
BENCH_BIN = t/bench/floor t/bench/floor-dyn t/bench/discard \
            t/bench/smtp-blast t/bench/core-bench
t/bench/floor t/bench/discard: t/bench/%: t/bench/%.c
	$(CC) $(WARN) $(CPPFLAGS) -O2 -static $< -o $@

# the floor linked as smtp-server is: what dynamic linking costs a process
t/bench/floor-dyn: t/bench/floor.c
	$(CC) $(WARN) $(CPPFLAGS) -O2 $< -o $@

t/bench/smtp-blast: t/bench/smtp-blast.c
	$(CC) $(WARN) $(CPPFLAGS) -O2 -pthread $< -ltls -o $@

t/bench/core-bench: t/bench/core-bench.c libsmtpd.a src/smtpd.h
	$(CC) $(WARN) $(CPPFLAGS) -O2 -g -Isrc t/bench/core-bench.c libsmtpd.a \
	    $(BENCH_WRAP) -o $@

t/bench/core-bench-san: t/bench/core-bench.c $(CORE_SRC) $(CORE_HDR)
	$(CC) $(TEST_CFLAGS) t/bench/core-bench.c $(CORE_SRC) $(BENCH_WRAP) -o $@

bench: all $(BENCH_BIN)
	@sh t/deps.sh bench
	bash t/bench/run.sh

test: all t/core/replay t/core/api $(FUZZ_REPLAY) $(BENCH_BIN) \
    t/bench/core-bench-san
	@sh t/deps.sh test
	@sh t/run-tests.sh

check: test

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	    $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/man/man3 \
	    $(DESTDIR)$(PREFIX)/share/man/man8
	cp smtp-server smtp-maildir smtpd-evented smtpd-threaded \
	    $(DESTDIR)$(PREFIX)/bin/
	cp libsmtpd.a $(DESTDIR)$(PREFIX)/lib/
	cp src/smtpd.h $(DESTDIR)$(PREFIX)/include/
	cp man/smtpd.3 $(DESTDIR)$(PREFIX)/share/man/man3/
	cp man/smtp-server.8 man/smtp-maildir.8 man/smtpd-evented.8 \
	    man/smtpd-threaded.8 \
	    $(DESTDIR)$(PREFIX)/share/man/man8/

clean:
	rm -f src/*.o libsmtpd.a smtp-server smtp-maildir smtpd-evented \
	    smtpd-threaded t/core/replay \
	    t/core/api $(FUZZ_REPLAY) $(BENCH_BIN) t/bench/core-bench-san

.PHONY: all deps-build test check install clean fuzz bench

# make run: serve 127.0.0.1:2525 in the foreground, one smtp-server per
# connection (systemd-socket-activate, else tcpserver), delivering into
# ./maildir, with STARTTLS on a self-signed certificate made once in ./run.
RUN_ADDR = 127.0.0.1
RUN_PORT = 2525
run: all
	@sh t/deps.sh run
	@sh t/make-run.sh $(RUN_ADDR) $(RUN_PORT)

.PHONY: run
