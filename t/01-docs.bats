#!/usr/bin/env bats
# The documentation stays true: its C examples compile against the core and
# serve a session, and every manual page is clean under mandoc -T lint.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

setup() {
	cd "$BATS_TEST_DIRNAME/.."
}

session() {
	printf 'EHLO client.test\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\nhello\r\n.\r\nQUIT\r\n'
}

@test "README: the embedding example compiles and serves a session" {
	awk '/^    #include <unistd.h>/ {f=1} f && /^Build it/ {f=0} f' README |
	    sed 's/^    //' > "$BATS_TEST_TMPDIR/host.c"
	run gcc -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -Isrc \
	    "$BATS_TEST_TMPDIR/host.c" src/smtpd.c src/smtpd_cmd.c \
	    src/smtpd_parse.c src/smtpd_data.c src/smtpd_sasl.c \
	    -o "$BATS_TEST_TMPDIR/host"
	assert_success
	run sh -c "$(declare -f session); session | timeout 10 '$BATS_TEST_TMPDIR/host' | tr -d '\\r'"
	assert_success
	assert_line --index 0 "220 mx.example ESMTP"
	assert_line "250 2.0.0 Message accepted"
	assert_line "221 2.0.0 mx.example closing connection"
}

@test "smtpd(3): the EXAMPLES host compiles against the core and serves a session" {
	awk '/^\.Sh EXAMPLES/ {e=1} e && /^\.Bd -literal/ {f=1; next} f && /^\.Ed/ {exit} f' \
	    man/smtpd.3 | sed 's/\\e/\\/g; s/\\(aq/'"'"'/g; s/\\&//g; s/\\-/-/g' \
	    > "$BATS_TEST_TMPDIR/example.c"
	run gcc -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -Isrc \
	    "$BATS_TEST_TMPDIR/example.c" src/smtpd.c src/smtpd_cmd.c \
	    src/smtpd_parse.c src/smtpd_data.c src/smtpd_sasl.c \
	    -o "$BATS_TEST_TMPDIR/example"
	assert_success
	run sh -c "$(declare -f session); session | timeout 10 '$BATS_TEST_TMPDIR/example' | tr -d '\\r'"
	assert_success
	assert_line --partial "250 2.0.0"
	assert_line --partial "221 2.0.0"
}

@test "every manual page is clean under mandoc -T lint" {
	run mandoc -T lint -W warning man/*.[0-9]
	assert_success
	assert_output ""
}
