#!/usr/bin/env bats
# DESIGN.md "The core's contract": no I/O, no clock, no exec, no environment,
# no global state, no allocation but the session.  Checked on the objects
# themselves, so a stray printf or getenv cannot slip in unnoticed.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

setup() {
	cd "$BATS_TEST_DIRNAME/.."
	make -s libsmtpd.a
}

@test "core objects call nothing but memory and string functions" {
	run sh -c "nm -u src/smtpd.o src/smtpd_*.o | awk 'NF==2 {print \$2}' | sort -u"
	assert_success
	for sym in $output; do
		case "$sym" in
		smtpd__*|calloc|free|memchr|memcmp|memcpy|memmove|memset|strchr|strlen) ;;
		*) fail "the core calls $sym" ;;
		esac
	done
}

@test "core objects keep no global or static mutable state" {
	# objects in writable .data/.bss would be state shared between
	# sessions (.data.rel.ro holds const tables of pointers)
	run sh -c "objdump -t src/smtpd.o src/smtpd_*.o | awk '\$3 == \"O\" && (\$4 ~ /^\\.(data|bss)/) && \$4 !~ /rel\\.ro/'"
	assert_success
	assert_output ""
}

@test "core exports only smtpd_ names" {
	run sh -c "nm -g --defined-only src/smtpd.o src/smtpd_*.o | awk 'NF==3 {print \$3}'"
	assert_success
	for sym in $output; do
		case "$sym" in
		smtpd_*) ;;
		*) fail "exported symbol $sym" ;;
		esac
	done
}

@test "core sources include only C library string, memory and type headers" {
	run sh -c "grep -h '^#include <' src/smtpd.h src/smtpd_internal.h src/smtpd.c src/smtpd_*.c | sort -u"
	assert_success
	for h in $(printf '%s\n' "$output" | sed 's/#include <\(.*\)>/\1/'); do
		case "$h" in
		string.h|stddef.h|stdint.h|stdlib.h) ;;
		*) fail "the core includes <$h>" ;;
		esac
	done
}
