#!/usr/bin/env bats
# 32-attack-injection.bats - command injection through envelope addresses
# (CVE-2020-7247 OpenSMTPD, CVE-2019-10149 Exim) and CR LF injection through
# xtext (AUTH=), reproduced through ./smtp-server.  The sender check, the
# recipient check and the delivery program are t/attack/dump-child, which
# records argv and environment as Python bytes literals: every address must
# arrive as one argument exactly as sent (or be refused with 501 when it is
# not RFC 5321 syntax), nothing may ever run (a marker file the payloads
# would create never appears), and no argument or environment value of any
# child holds CR, LF or NUL.

load test_helper
load attack/helper

# The server and its three programs, all recording; $MARK is the file
# every payload aims at.
server_opts() {
	MARK=$BATS_TEST_TMPDIR/marker
	make_attack_stub mail-check dump-child
	make_attack_stub rcpt-check dump-child
	make_attack_stub deliver dump-child
	OPTS=(-h mx.test -m "$STUBS/mail-check" -R "$STUBS/rcpt-check"
	    "$STUBS/deliver")
}

# A word for smtp's printf-style input: backslashes and % doubled.
esc() {
	local v=${2//\\/\\\\}

	printf -v "$1" '%s' "${v//%/%%}"
}

# Nothing ran: no marker (nor a file named after it), no CR, LF or NUL in
# any child's argv or environment, every stderr line one log line of ours,
# every reply line well-formed.
assert_nothing_injected() {
	local f

	for f in "$MARK"*; do
		if [ -e "$f" ]; then
			fail "a payload ran: $f exists"
		fi
	done
	for f in "$STUB_DIR"/*.raw.*; do
		[ -e "$f" ] || continue
		refute_grep '^bad ' "$f"
	done
	if grep -avqE '^smtp-server\[[0-9]+\]: (info|fatal): ' "$SMTP_ERR"; then
		fail "stray stderr line: $(grep -avE '^smtp-server\[[0-9]+\]: ' "$SMTP_ERR")"
	fi
	assert_wellformed
}

@test "CVE-2020-7247 (OpenSMTPD): MAIL FROM:<;sleep 66;> of the Qualys advisory -> 501 5.1.7, no program runs" {
	server_opts
	smtp 'HELO professor.falken\r\nMAIL FROM:<;sleep 66;>\r\nRCPT TO:<root>\r\nDATA\r\n\r\nHow about a nice game of chess?\r\n.\r\nQUIT\r\n' \
	    "${OPTS[@]}"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' '250 mx.test' \
	    '501 5.1.7 Bad sender address syntax' \
	    '503 5.5.1 Need MAIL before RCPT' '503 5.5.1 Need RCPT before DATA' \
	    '500 5.5.2 Command unrecognized' '500 5.5.2 Command unrecognized' \
	    '500 5.5.2 Command unrecognized' \
	    '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs mail-check)" 0
	assert_equal "$(stub_runs rcpt-check)" 0
	assert_equal "$(stub_runs deliver)" 0
	assert_nothing_injected
}

@test "CVE-2020-7247 (OpenSMTPD): the Qualys remote exploit (read loop, sh, body as script) -> 501 5.1.7, the body lines are unknown commands up to the 421, nothing runs" {
	local i line body=

	server_opts
	# the advisory's script, /root/x replaced by the marker
	for line in '#'{0,1,2,3,4,5,6,7,8,9,a,b,c,d} 'for i in W O P R; do' \
	    $'\techo -n "($i) " && id || break' \
	    "done >> $MARK."'"`id -u`"."$$"' '.'; do
		esc line "$line"
		body+="$line\r\n"
	done
	smtp "EHLO professor.falken\r\nMAIL FROM:<;for i in 0 1 2 3 4 5 6 7 8 9 a b c d;do read r;done;sh;exit 0;>\r\nRCPT TO:<root@example.org>\r\nDATA\r\n${body}QUIT\r\n" \
	    "${OPTS[@]}"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' \
	    '250 SMTPUTF8' '501 5.1.7 Bad sender address syntax' \
	    '503 5.5.1 Need MAIL before RCPT' '503 5.5.1 Need RCPT before DATA' \
	    '500 5.5.2 Command unrecognized' '500 5.5.2 Command unrecognized' \
	    '500 5.5.2 Command unrecognized' '500 5.5.2 Command unrecognized' \
	    '500 5.5.2 Command unrecognized' '500 5.5.2 Command unrecognized' \
	    '500 5.5.2 Command unrecognized' '500 5.5.2 Command unrecognized' \
	    '500 5.5.2 Command unrecognized' \
	    '421 4.7.0 mx.test Too many unknown commands, closing'
	assert_equal "$(stub_runs mail-check)" 0
	assert_equal "$(stub_runs deliver)" 0
	assert_nothing_injected
}

@test "CVE-2019-10149 (Exim): the Qualys RCPT TO:<\${run{\\x2Fbin\\x2Fsh\\t-c...}}@localhost> -> 501 5.1.3, no program runs" {
	local poc

	server_opts
	esc poc 'RCPT TO:<${run{\x2Fbin\x2Fsh\t-c\t\x22id\x3E\x3E\x2Ftmp\x2Fid\x22}}@localhost>'
	smtp "EHLO c\r\nMAIL FROM:<>\r\n$poc\r\nDATA\r\nQUIT\r\n" "${OPTS[@]}"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' \
	    '250 SMTPUTF8' '250 2.1.0 Sender OK' \
	    '501 5.1.3 Bad recipient address syntax' \
	    '554 5.5.1 No valid recipients' \
	    '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs mail-check)" 1
	assert_equal "$(stub_runs rcpt-check)" 0
	assert_equal "$(stub_runs deliver)" 0
	assert_nothing_injected
}

@test "CVE-2019-10149, CVE-2020-7247, shell metacharacters: valid addresses with \${run{...}}, ; | \` \$( ) && and quotes reach every program verbatim, one argument each, never run" {
	local -a rcpts=()
	local t a in='' i

	server_opts
	# RFC 5321 4.1.2: atext allows $ { } | & ' \` / and quoted strings
	# allow ; ( ) space and \" -- all valid, all to be passed untouched
	for t in \
	    '${run{/bin/touch${IFS}MARK}}@example.com' \
	    '"${run{/bin/sh -c '\''touch MARK'\''}}"@example.com' \
	    '";touch MARK;"@example.com' \
	    'x|touch${IFS}MARK@example.com' \
	    '`touch${IFS}MARK`@example.com' \
	    '"$(touch MARK)"@example.com' \
	    'a&&touch${IFS}MARK||touch${IFS}MARK@example.com' \
	    "'\$IFS'@example.com" \
	    '"a\"b c"@example.com' \
	    '"\";touch MARK;\""@example.com' \
	    '"a\\b"@example.com'; do
		rcpts+=("${t//MARK/$MARK}")
	done
	# each as a sender, in a transaction of its own
	for a in "${rcpts[@]}"; do
		esc t "$a"
		in+="MAIL FROM:<$t>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\n"
	done
	# all as the recipients of one more message
	in+="MAIL FROM:<a@example.com>\r\n"
	for a in "${rcpts[@]}"; do
		esc t "$a"
		in+="RCPT TO:<$t>\r\n"
	done
	smtp "EHLO c\r\n${in}DATA\r\nx\r\n.\r\nQUIT\r\n" "${OPTS[@]}"
	assert_equal "$status" 0
	refute_output --regexp '(^|\n)[45][0-9][0-9] '
	assert_equal "$(grep -c '^250 2\.0\.0 Message accepted' "$SMTP_OUT")" \
	    $((${#rcpts[@]} + 1))
	for ((i = 0; i < ${#rcpts[@]}; i++)); do
		assert_argv "$STUB_DIR/mail-check.argv.$((i + 1))" \
		    "$STUBS/mail-check" "${rcpts[i]}"
		assert_argv "$STUB_DIR/deliver.argv.$((i + 1))" \
		    "$STUBS/deliver" b@example.com
		assert_equal "$(stub_env deliver $((i + 1)) SENDER)" "${rcpts[i]}"
		assert_equal "$(stub_env rcpt-check $((i + 1)) SENDER)" \
		    "${rcpts[i]}"
		assert_argv "$STUB_DIR/rcpt-check.argv.$((i + 1 + ${#rcpts[@]}))" \
		    "$STUBS/rcpt-check" "${rcpts[i]}"
		assert_equal "$(stub_env rcpt-check $((i + 1 + ${#rcpts[@]})) RECIPIENT)" \
		    "${rcpts[i]}"
	done
	assert_argv "$STUB_DIR/deliver.argv.$((${#rcpts[@]} + 1))" \
	    "$STUBS/deliver" "${rcpts[@]}"
	assert_nothing_injected
}

@test "CVE-2020-7247, CVE-2019-10149: invalid addresses with shell or expansion syntax -> 501 at MAIL and RCPT, no program sees them" {
	local -a bad=()
	local t a in='' want=()

	server_opts
	for t in \
	    ';sleep 66;' \
	    ';for i in 0 1 2 3 4 5 6 7 8 9 a b c d;do read r;done;sh;exit 0;' \
	    '$(touch MARK)@example.com' \
	    '${run{\x2Fbin\x2Fsh\t-c\t\x22id\x3E\x3E\x2Fbin\x2Ftouch\x20MARK\x22}}@localhost' \
	    'a;touch${IFS}MARK@example.com' \
	    'touch MARK@example.com' \
	    '"a"b";touch MARK@example.com' \
	    'a@b;touch${IFS}MARK.example'; do
		bad+=("${t//MARK/$MARK}")
	done
	for a in "${bad[@]}"; do
		esc t "$a"
		in+="MAIL FROM:<$t>\r\n"
		want+=('501 5.1.7 Bad sender address syntax')
	done
	in+="MAIL FROM:<a@example.com>\r\n"
	want+=('250 2.1.0 Sender OK')
	for a in "${bad[@]}"; do
		esc t "$a"
		in+="RCPT TO:<$t>\r\n"
		want+=('501 5.1.3 Bad recipient address syntax')
	done
	smtp "EHLO c\r\n${in}QUIT\r\n" "${OPTS[@]}"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' \
	    '250 SMTPUTF8' "${want[@]}" '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs mail-check)" 1
	assert_argv "$STUB_DIR/mail-check.argv.1" "$STUBS/mail-check" \
	    a@example.com
	assert_equal "$(stub_runs rcpt-check)" 0
	assert_nothing_injected
}

@test "RFC 4954 5, RFC 3461 4: xtext CR LF in AUTH=<foo+0D+0Abar> (and +00) never reaches a program; an unauthenticated AUTH= sets no SMTP_AUTH_USER" {
	local p reply f

	server_opts
	make_stub checkpassword fake-checkpassword
	for p in 'AUTH=<foo+0D+0Abar>' 'AUTH=foo+0D+0Abar@example.com' \
	    'AUTH=<foo+0D+0AX-Injected:+20yes@example.com>' 'AUTH=a+00b@example.com' \
	    'AUTH=<>'; do
		rm -rf "$STUB_DIR" && mkdir "$STUB_DIR"
		smtp "EHLO c\r\nMAIL FROM:<a@example.com> $p\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n" \
		    -a "$STUBS/checkpassword" -A "${OPTS[@]}"
		assert_equal "$status" 0
		read_replies
		reply=${replies[8]}
		# taken (and ignored, RFC 4954 5: not authenticated) or refused
		case $reply in
		'250 2.1.0 Sender OK')
			assert_reply '250 2.0.0 Message accepted'
			assert_equal "$(stub_runs deliver)" 1
			;;
		'501 5.5.4 Invalid parameter')
			assert_equal "$(stub_runs deliver)" 0
			;;
		*)	fail "MAIL ... $p: unexpected reply '$reply'" ;;
		esac
		for f in "$STUB_DIR"/*.raw.* "$STUB_DIR"/*.msg.*; do
			[ -e "$f" ] || continue
			refute_grep 'SMTP_AUTH_USER|foo|Injected' "$f"
		done
		assert_equal "$(stub_runs checkpassword)" 0
		assert_nothing_injected
	done
}
