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

all: libsmtpd.a

src/%.o: src/%.c $(CORE_HDR)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

libsmtpd.a: $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $(CORE_OBJ)

t/core/replay: t/core/replay.c $(CORE_SRC) $(CORE_HDR)
	$(CC) $(TEST_CFLAGS) t/core/replay.c $(CORE_SRC) -o $@

test: all t/core/replay
	@sh t/deps.sh
	@sh t/run-tests.sh

check: test

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/share/man/man3
	cp libsmtpd.a $(DESTDIR)$(PREFIX)/lib/
	cp src/smtpd.h $(DESTDIR)$(PREFIX)/include/
	cp man/smtpd.3 $(DESTDIR)$(PREFIX)/share/man/man3/

clean:
	rm -f src/*.o libsmtpd.a t/core/replay

.PHONY: all test check install clean
