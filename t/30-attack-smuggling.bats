#!/usr/bin/env bats
# 30-attack-smuggling.bats - SMTP smuggling (CVE-2023-51764 Postfix,
# CVE-2023-51765 Sendmail, CVE-2023-51766 Exim, CVE-2024-27305 aiosmtpd)
# through ./smtp-server with stub children.  Each test sends a message whose
# end-of-data is one of the published non-standard variants, followed by a
# complete second transaction from evil@attacker.example and only then a
# real CR LF . CR LF: at most one message may be delivered, never with the
# smuggled envelope, and none when the variant holds a bare CR or LF
# (550 5.5.2).  Then the real terminator and a dot-stuffed line start are
# made to straddle the program's 64 KiB read boundary at every offset of
# the core's 8-octet scanning words, with the two writes split exactly there
# (t/attack/write-parts), and must still give exactly one, exact message.

load test_helper
load attack/helper

EHLO=('250-mx.test' '250-PIPELINING' '250-SIZE 10485760' '250-8BITMIME'
    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8')

SMUGGLED='MAIL FROM:<evil@attacker.example>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\nFrom: ceo@example.com\r\nSubject: smuggled\r\n\r\npay now'

# smuggle DOT BARE [SEEN]: "hello", the end-of-data variant DOT (printf
# escapes), the smuggled transaction, then, in a first session, the real
# CR LF . CR LF that ends the smuggled message in the published attacks;
# in a second session the smuggled transaction with its own final dot and
# after it one more real CR LF . CR LF (an empty line and "." as commands
# if the message is over by then).  -m, -R and the delivery program record
# everything.  BARE=yes: the variant holds a bare CR or LF and the message
# must be refused; BARE=no: the message is delivered once, with the
# smuggled text as part of its body, where the variant reads as SEEN
# (default DOT).
smuggle() {
	local dot=$1 bare=$2 seen=${3:-$1} tail extra

	for tail in '\r\n.\r\n' '\r\n.\r\n\r\n.\r\n'; do
		rm -rf "$STUB_DIR" && mkdir "$STUB_DIR"
		make_stub mail-check fake-check
		make_stub rcpt-check fake-check
		make_stub deliver fake-deliver
		smtp "EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhello$dot$SMUGGLED${tail}QUIT\r\n" \
		    -h mx.test -m "$STUBS/mail-check" -R "$STUBS/rcpt-check" \
		    "$STUBS/deliver"
		assert_equal "$status" 0
		assert_wellformed
		extra=()
		[ "${#tail}" -gt 10 ] && extra=('500 5.5.2 Command unrecognized'
		    '500 5.5.2 Command unrecognized')
		if [ "$bare" = yes ]; then
			assert_replies '220 mx.test ESMTP' "${EHLO[@]}" \
			    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
			    '354 End data with <CR><LF>.<CR><LF>' \
			    '550 5.5.2 Message contains bare CR or LF' \
			    "${extra[@]}" '221 2.0.0 mx.test closing connection'
			assert_equal "$(stub_runs deliver)" 0
		else
			assert_replies '220 mx.test ESMTP' "${EHLO[@]}" \
			    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
			    '354 End data with <CR><LF>.<CR><LF>' \
			    '250 2.0.0 Message accepted' \
			    "${extra[@]}" '221 2.0.0 mx.test closing connection'
			assert_equal "$(stub_runs deliver)" 1
			assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" \
			    b@example.com
			assert_equal "$(stub_env deliver 1 SENDER)" a@example.com
			# the smuggled commands are body text, byte for byte
			tail -n +4 "$STUB_DIR/message.1" >"$BATS_TEST_TMPDIR/body"
			# shellcheck disable=SC2059 # the escapes are the point
			printf "hello$seen$SMUGGLED\r\n" |
			    cmp - "$BATS_TEST_TMPDIR/body" ||
			    fail "the body differs"
		fi
		# the smuggled envelope reached no program and no log line
		assert_equal "$(stub_runs mail-check)" 1
		assert_argv "$STUB_DIR/mail-check.argv.1" "$STUBS/mail-check" \
		    a@example.com
		assert_equal "$(stub_runs rcpt-check)" 1
		assert_argv "$STUB_DIR/rcpt-check.argv.1" "$STUBS/rcpt-check" \
		    b@example.com
		refute_grep 'evil@attacker|victim@' "$STUB_DIR"/*.argv.* \
		    "$STUB_DIR"/*.env.*
		refute_log 'evil@attacker|victim@'
	done
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <LF>.<LF> then a second transaction -> 550 5.5.2, nothing delivered, the smuggled MAIL never run" {
	smuggle '\n.\n' yes
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <LF>.<CR> then a second transaction -> 550 5.5.2, nothing delivered, the smuggled MAIL never run" {
	smuggle '\n.\r' yes
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <CR>.<LF> then a second transaction -> 550 5.5.2, nothing delivered, the smuggled MAIL never run" {
	smuggle '\r.\n' yes
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <CR>.<CR> then a second transaction -> 550 5.5.2, nothing delivered, the smuggled MAIL never run" {
	smuggle '\r.\r' yes
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <LF>.<CR><LF> then a second transaction -> 550 5.5.2, nothing delivered, the smuggled MAIL never run" {
	smuggle '\n.\r\n' yes
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <CR><LF>.<LF> then a second transaction -> 550 5.5.2, nothing delivered, the smuggled MAIL never run" {
	smuggle '\r\n.\n' yes
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <CR>.<CR><LF> then a second transaction -> 550 5.5.2, nothing delivered, the smuggled MAIL never run" {
	smuggle '\r.\r\n' yes
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <CR><LF>.<CR> then a second transaction -> 550 5.5.2, nothing delivered, the smuggled MAIL never run" {
	smuggle '\r\n.\r' yes
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <CR><LF><NUL>.<CR><LF> is no end of data: one message, the original envelope, NUL kept" {
	smuggle '\r\n\0.\r\n' no
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <CR><LF>.<NUL><CR><LF> is no end of data: one message, the original envelope, the line '.<NUL>' unstuffed" {
	# RFC 5321 4.5.2: the leading dot of a line that is not "." alone
	# is removed, so the line arrives as a lone NUL
	smuggle '\r\n.\0\r\n' no '\r\n\0\r\n'
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <CR><LF>.<CR><CR><LF> then a second transaction -> 550 5.5.2, nothing delivered, the smuggled MAIL never run" {
	smuggle '\r\n.\r\r\n' yes
}

@test "SMTP smuggling (CVE-2023-51764/51765/51766, CVE-2024-27305): <CR><CR><LF>.<CR><CR><LF> then a second transaction -> 550 5.5.2, nothing delivered, the smuggled MAIL never run" {
	smuggle '\r\r\n.\r\r\n' yes
}

# boundary KIND D: a message whose first line is 65536 + D octets long
# (one long line), then for KIND=end the real CR LF . CR LF, for
# KIND=stuffed the line "..tail" (a dot-stuffed ".tail") and the end.  The
# commands go in one write; the message in two, split at octet 65536 of
# it, 0.1 s apart: the server's read buffer of 65536 octets then ends
# exactly there, D octets from the CR of the sequence.  $FILLER holds
# 65544 octets "x".
boundary() {
	local kind=$1 d=$2 in=$BATS_TEST_TMPDIR/in cmds len line
	local body=$BATS_TEST_TMPDIR/expected

	cmds=$'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n'
	len=$((65536 + d))
	head -c "$len" "$FILLER" >"$body"
	if [ "$kind" = end ]; then
		printf '\r\n' >>"$body"
		{ printf '%s' "$cmds"; cat "$body"; printf '.\r\nQUIT\r\n'; } >"$in"
	else
		printf '\r\n.tail\r\n' >>"$body"
		{
			printf '%s' "$cmds"
			head -c "$len" "$FILLER"
			printf '\r\n..tail\r\n.\r\nQUIT\r\n'
		} >"$in"
	fi
	rm -f "$STUB_DIR"/*
	smtp --client "'$ATTACK/write-parts' 0.1 '$in' ${#cmds} $((${#cmds} + 65536))" \
	    -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO[@]}" \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' \
	    '250 2.0.0 Message accepted' \
	    '221 2.0.0 mx.test closing connection'
	[ -e "$STUB_DIR/message.1" ] && [ ! -e "$STUB_DIR/message.2" ] ||
	    fail "not exactly one delivery"
	# after the three-line Received: header (one recipient), the message
	# exactly as sent, unstuffed
	{
		IFS= read -r line && [[ $line == 'Received: from c '* ]] &&
		    IFS= read -r line && [[ $line == $'\tby mx.test '* ]] &&
		    IFS= read -r line && [[ $line == $'\tfor <b@example.com>; '* ]] &&
		    cmp - "$body"
	} <"$STUB_DIR/message.1" ||
	    fail "$(printf '%s at 65536%+d' "$kind" "$d"): the message differs"
}

@test "SMTP smuggling class, read boundary: <CR><LF>.<CR><LF> at 65536-8 .. 65536+8 of a long line, split at the 64 KiB read -> one exact message" {
	local d

	FILLER=$BATS_TEST_TMPDIR/filler
	head -c 65544 /dev/zero | tr '\0' x >"$FILLER"
	make_stub deliver fake-deliver
	for d in {-8..8}; do
		boundary end "$d"
	done
}

@test "RFC 5321 4.5.2, read boundary: a stuffed '..' line start at 65536-8 .. 65536+8, split at the 64 KiB read -> unstuffed once, one exact message" {
	local d

	FILLER=$BATS_TEST_TMPDIR/filler
	head -c 65544 /dev/zero | tr '\0' x >"$FILLER"
	make_stub deliver fake-deliver
	for d in {-8..8}; do
		boundary stuffed "$d"
	done
}
