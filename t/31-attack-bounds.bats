#!/usr/bin/env bats
# 31-attack-bounds.bats - published attacks on the bounds of a server, each
# reproduced through ./smtp-server with stub children: lines without an end
# (GHSA-fv2f-rw9f-v9cm, CVE-2005-1513/1514), huge messages, 20-digit sizes,
# recipient floods, AUTH buffers (CVE-2018-6789), and control characters in
# commands.  Every reply line is checked to be well-formed
# (t/attack/check-replies), and the peak memory of the server (VmHWM, read
# while it waits for its QUIT) stays within 2 MiB of a small session's.
#
# Why not /usr/bin/time -f %M: its figure comes from wait4(2), whose
# ru_maxrss also covers the children the server waited for (a python3
# delivery program alone peaks near 20 MB), so it would not measure the
# server.  VmHWM in /proc/PID/status is the server's own high-water mark.

load test_helper
load attack/helper

EHLO=('250-mx.test' '250-PIPELINING' '250-SIZE 10485760' '250-8BITMIME'
    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8')

# The allowance over a small session's peak resident set, in kB.
HWM_SLACK_KB=2048

# The peak of a small session through the same options and stubs: one
# short message delivered, into $BASE_KB.
small_session_hwm() {
	hwm_session '^250 2\.0\.0 Message accepted' \
	    "'$ATTACK/big-message' 1 10 '$BATS_TEST_TMPDIR/small.expect'" \
	    "$@"
	assert_equal "$status" 0
	assert_reply '250 2.0.0 Message accepted'
	BASE_KB=$HWM_KB
	rm -f "$STUB_DIR"/*
}

# Every stderr line is one log line of ours: client bytes never split one.
assert_log_lines_clean() {
	local bad

	bad=$(grep -avE '^smtp-server\[[0-9]+\]: (info|fatal): ' "$SMTP_ERR") ||
	    return 0
	fail "stray stderr line(s): $bad"
}

@test "GHSA-fv2f-rw9f-v9cm, CVE-2005-1514: 10 MiB without a newline -> one 500 5.5.6, the session goes on, memory flat" {
	make_stub deliver fake-deliver
	make_stub mail-check fake-check
	small_session_hwm -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	hwm_session '^250 2\.0\.0 OK' \
	    "printf 'EHLO c\r\nMAIL FROM:<'; head -c 10485760 /dev/zero | tr '\0' a; printf '@example.com>\r\nNOOP\r\n'" \
	    -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	echo "# peak RSS: small session ${BASE_KB} kB, 10 MiB line ${HWM_KB} kB" >&3
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO[@]}" \
	    '500 5.5.6 Line too long' '250 2.0.0 OK' \
	    '221 2.0.0 mx.test closing connection'
	assert_wellformed
	assert_equal "$(stub_runs mail-check)" 0
	refute_log ': info: mail '
	assert_log ': info: end ip=unknown reason=quit '
	assert_log_lines_clean
	if ((HWM_KB > BASE_KB + HWM_SLACK_KB)); then
		fail "peak RSS ${HWM_KB} kB, small session ${BASE_KB} kB"
	fi
}

@test "GHSA-fv2f-rw9f-v9cm, CVE-2005-1513: a 100 MiB message of 10 MiB lines with -s 0 is delivered intact, memory flat" {
	local expect=$BATS_TEST_TMPDIR/big.expect

	make_attack_stub deliver sha-deliver
	small_session_hwm -h mx.test -s 0 "$STUBS/deliver"
	# 10 lines of 10 MiB - 2 octets and CR LF: 104 857 600 octets
	hwm_session '^250 2\.0\.0 Message accepted' \
	    "'$ATTACK/big-message' 10 10485758 '$expect'" \
	    -h mx.test -s 0 "$STUBS/deliver"
	echo "# peak RSS: small session ${BASE_KB} kB, 100 MiB message ${HWM_KB} kB (${SMTP_MS} ms)" >&3
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8' \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' '250 2.0.0 Message accepted' \
	    '221 2.0.0 mx.test closing connection'
	assert_wellformed
	assert_equal "$(stub_runs deliver)" 1
	assert_equal "$(cat "$STUB_DIR/deliver.body.1")" "$(cat "$expect")"
	assert_equal "$(cut -d ' ' -f 2 "$expect")" 104857600
	run head -c 29 "$STUB_DIR/deliver.header.1"
	assert_output 'Received: from client.example'
	assert_log 'info: message from="big@example.com" rcpts=1 size=[0-9]+ exit=0 result=accept$'
	if ((HWM_KB > BASE_KB + HWM_SLACK_KB)); then
		fail "peak RSS ${HWM_KB} kB, small session ${BASE_KB} kB"
	fi
}

@test "RFC 1870, CVE-2005-1513 class: a 20-digit SIZE= is 552 5.3.4, never a wrapped small number" {
	local size in=

	make_stub mail-check fake-check
	make_stub deliver fake-deliver
	# 10^20-1, 2^64, 2^64+1, 2^64+10 (wraps to 10), 2^65 (wraps to 0)
	for size in 99999999999999999999 18446744073709551616 \
	    18446744073709551617 18446744073709551626 36893488147419103232; do
		in+="MAIL FROM:<a@example.com> SIZE=$size\r\n"
	done
	smtp "EHLO c\r\n${in}MAIL FROM:<a@example.com> SIZE=00000000000000001000\r\nQUIT\r\n" \
	    -h mx.test -m "$STUBS/mail-check" "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' "${EHLO[@]}" \
	    '552 5.3.4 Message size exceeds fixed maximum message size' \
	    '552 5.3.4 Message size exceeds fixed maximum message size' \
	    '552 5.3.4 Message size exceeds fixed maximum message size' \
	    '552 5.3.4 Message size exceeds fixed maximum message size' \
	    '552 5.3.4 Message size exceeds fixed maximum message size' \
	    '250 2.1.0 Sender OK' '221 2.0.0 mx.test closing connection'
	assert_wellformed
	# only the last MAIL reached the sender check
	assert_equal "$(stub_runs mail-check)" 1
}

@test "RFC 5321 4.5.3.1.8, RFC 2920: 100 000 pipelined recipients -> 100 accepted, the rest 452 4.5.3, no 421; DATA delivers to 100" {
	local args=() i

	make_stub rcpt-check fake-check
	make_stub deliver fake-deliver
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<a@example.com>\r\n'; awk 'BEGIN { for (i = 1; i <= 100000; i++) printf \"RCPT TO:<r%d@example.com>\\r\\n\", i }'; printf 'DATA\r\nflood\r\n.\r\nQUIT\r\n'" \
	    -h mx.test -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_equal "$status" 0
	assert_wellformed
	# (3 MB of replies: counted with grep, not read into bash)
	assert_equal "$(wc -l <"$SMTP_OUT")" $((1 + 6 + 1 + 100000 + 3))
	run head -n 8 "$SMTP_OUT"
	assert_output "$(printf '%s\r\n' '220 mx.test ESMTP' "${EHLO[@]}" \
	    '250 2.1.0 Sender OK')"
	run sed -n '9,108p' "$SMTP_OUT"
	assert_output "$(for ((i = 0; i < 100; i++)); do
		printf '250 2.1.5 Recipient OK\r\n'
	done)"
	assert_equal "$(grep -c $'^452 4\\.5\\.3 Too many recipients\r$' "$SMTP_OUT")" 99900
	refute_grep '^421' "$SMTP_OUT"
	run tail -n 3 "$SMTP_OUT"
	assert_output "$(printf '%s\r\n' '354 End data with <CR><LF>.<CR><LF>' \
	    '250 2.0.0 Message accepted' '221 2.0.0 mx.test closing connection')"
	# the refused ones never cost a child
	assert_equal "$(stub_runs rcpt-check)" 100
	assert_equal "$(stub_runs deliver)" 1
	for ((i = 1; i <= 100; i++)); do
		args+=("r$i@example.com")
	done
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" "${args[@]}"
}

@test "CVE-2018-6789: a 12 289-octet AUTH response -> 500 5.5.6 and no checkpassword; 12 288 octets are read whole (535)" {
	local r12288

	make_stub checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	# valid base64 (no padding needed) of "\0uuu...\0ppp...": the user
	# name alone is 9002 octets, over RFC 4616's 255
	r12288="AHV1$(printf 'dXV1%.0s' $(seq 3000))AHBw$(printf 'cHBw%.0s' $(seq 70))"
	assert_equal "${#r12288}" 12288
	smtp "EHLO c\r\nAUTH PLAIN\r\n${r12288}A\r\nNOOP\r\nAUTH PLAIN\r\n${r12288}\r\nNOOP\r\nQUIT\r\n" \
	    -h mx.test -a "$STUBS/checkpassword" -A "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-AUTH PLAIN LOGIN' '250-8BITMIME' \
	    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8' '334 ' \
	    '500 5.5.6 Authentication exchange line is too long' \
	    '250 2.0.0 OK' '334 ' '535 5.7.8 Authentication credentials invalid' \
	    '250 2.0.0 OK' '221 2.0.0 mx.test closing connection'
	assert_wellformed
	assert_equal "$(stub_runs checkpassword)" 0
}

@test "CVE-2018-6789: unpadded or truncated base64 (4n+1, 4n+2, 4n+3 characters) -> 501 5.5.2, no checkpassword" {
	local ok

	make_stub checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	# "\0alice\0secret" is AGFsaWNlAHNlY3JldA== (20 characters)
	ok=AGFsaWNlAHNlY3JldA==
	smtp "EHLO c\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA=\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA=A\r\nAUTH PLAIN\r\nAGFsaWNlAHNlY3JldA\r\nAUTH LOGIN\r\nYWxpY2\r\nAUTH LOGIN YWxpY2U=\r\nc2VjcmV0Z\r\nAUTH PLAIN $ok\r\nQUIT\r\n" \
	    -h mx.test -a "$STUBS/checkpassword" -A "$STUBS/deliver"
	assert_equal "$status" 0
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-AUTH PLAIN LOGIN' '250-8BITMIME' \
	    '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8' \
	    '501 5.5.2 Cannot decode response' \
	    '501 5.5.2 Cannot decode response' \
	    '501 5.5.2 Cannot decode response' \
	    '334 ' '501 5.5.2 Cannot decode response' \
	    '334 VXNlcm5hbWU6' '501 5.5.2 Cannot decode response' \
	    '334 UGFzc3dvcmQ6' '501 5.5.2 Cannot decode response' \
	    '235 2.7.0 Authentication successful' \
	    '221 2.0.0 mx.test closing connection'
	assert_wellformed
	# only the well-formed one was checked
	assert_equal "$(stub_runs checkpassword)" 1
	run cat "$STUB_DIR/checkpassword.fd3.1"
	assert_output --regexp '^alice\\0secret\\0<[0-9]+\.[0-9]+@mx\.test>\\0$'
}

@test "RFC 4616 2, CVE-2018-6789: 255-octet PLAIN fields are accepted and reach checkpassword exactly; a 256-octet field -> 535 without it" {
	local u255 p255 u256 p256 b64

	make_stub checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	u255=$(printf 'u%.0s' $(seq 254))Z
	p255=$(printf 'p%.0s' $(seq 254))Z
	u256=${u255}Y
	p256=${p255}Y
	# authzid = user, both 255, and a 255-octet password
	b64=$(printf '%s\0%s\0%s' "$u255" "$u255" "$p255" | base64 -w 0)
	smtp "EHLO c\r\nAUTH PLAIN $b64\r\nQUIT\r\n" \
	    -h mx.test -a "$STUBS/checkpassword" -A "$STUBS/deliver"
	assert_reply '235 2.7.0 Authentication successful'
	assert_wellformed
	assert_equal "$(stub_runs checkpassword)" 1
	run cat "$STUB_DIR/checkpassword.fd3.1"
	assert_output --regexp "^${u255}\\\\0${p255}\\\\0<[^>]+>\\\\0\$"
	# each field of 256 octets in turn: refused before any program runs
	# (one session each: the third refusal in a session would be a 421)
	for b64 in \
	    "$(printf '%s\0%s\0%s' '' "$u256" "$p255" | base64 -w 0)" \
	    "$(printf '%s\0%s\0%s' '' "$u255" "$p256" | base64 -w 0)" \
	    "$(printf '%s\0%s\0%s' "$u256" "$u255" "$p255" | base64 -w 0)"; do
		smtp "EHLO c\r\nAUTH PLAIN\r\n$b64\r\nNOOP\r\nQUIT\r\n" \
		    -h mx.test -a "$STUBS/checkpassword" -A "$STUBS/deliver"
		assert_equal "$status" 0
		assert_replies '220 mx.test ESMTP' '250-mx.test' \
		    '250-PIPELINING' '250-SIZE 10485760' '250-AUTH PLAIN LOGIN' \
		    '250-8BITMIME' '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8' \
		    '334 ' '535 5.7.8 Authentication credentials invalid' \
		    '250 2.0.0 OK' '221 2.0.0 mx.test closing connection'
		assert_wellformed
	done
	assert_equal "$(stub_runs checkpassword)" 1
}

@test "RFC 5321 4.1.1, 2.3.8: NUL and every control byte 0x01-0x1f, 0x7f in the verb or argument of each command -> 500 5.5.2, nothing reaches a child" {
	local cert=$BATS_TEST_TMPDIR/cert.pem key=$BATS_TEST_TMPDIR/key.pem
	local -a outside inside cases=()
	local t verb rest b c k state chunk want n i sessions_in=0 sessions=0
	local err line events want_events expect
	local -a templates
	local opts

	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -days 2 -subj /CN=mx.test -keyout "$key" -out "$cert" 2>/dev/null
	make_stub mail-check fake-check
	make_stub rcpt-check fake-check
	make_stub checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	opts=(-h mx.test -c "$cert" -k "$key" -a "$STUBS/checkpassword" -A
	    -m "$STUBS/mail-check" -R "$STUBS/rcpt-check" "$STUBS/deliver")
	# Commands whose valid form would run a child (or change the session)
	# are sent where it would: MAIL and AUTH outside a transaction, RCPT
	# and DATA inside one.
	outside=('HELO c.example' 'EHLO c.example' 'MAIL FROM:<a@example.com>'
	    'RSET' 'NOOP' 'QUIT' 'VRFY postmaster' 'HELP'
	    'AUTH PLAIN AGFsaWNlAHNlY3JldA==' 'STARTTLS')
	inside=('RCPT TO:<c@example.com>' 'DATA')
	for state in outside inside; do
		cases=()
		if [ "$state" = outside ]; then
			templates=("${outside[@]}")
		else
			templates=("${inside[@]}")
		fi
		for t in "${templates[@]}"; do
			verb=${t%% *}
			rest=${t#"$verb"}
			# no argument: give it one, so that there is one to spoil
			[ -n "$rest" ] || rest=' xy'
			k=$(((${#rest} + 1) / 2))
			for b in {0..31} 127; do
				printf -v c '\\x%02x' "$b"
				cases+=("${verb:0:2}$c${verb:2}${t#"$verb"}")
				cases+=("$verb$c${t#"$verb"}")
				cases+=("$verb${rest:0:k}$c${rest:k}")
			done
		done
		# 19 a session: the 20th error reply would be the 421
		for ((i = 0; i < ${#cases[@]}; i += 19)); do
			printf -v chunk '%s\\r\\n' "${cases[@]:i:19}"
			n=$((${#cases[@]} - i < 19 ? ${#cases[@]} - i : 19))
			want=('220 mx.test ESMTP' '250-mx.test' '250-PIPELINING'
			    '250-SIZE 10485760' '250-STARTTLS' '250-AUTH PLAIN LOGIN'
			    '250-8BITMIME' '250-ENHANCEDSTATUSCODES' '250 SMTPUTF8')
			want_events=1
			if [ "$state" = inside ]; then
				want_events=3
				chunk="MAIL FROM:<a@example.com>\\r\\nRCPT TO:<b@example.com>\\r\\n$chunk"
				want+=('250 2.1.0 Sender OK' '250 2.1.5 Recipient OK')
				sessions_in=$((sessions_in + 1))
			fi
			for ((k = 0; k < n; k++)); do
				want+=('500 5.5.2 Invalid character in command')
			done
			want+=('250 2.0.0 OK' '221 2.0.0 mx.test closing connection')
			smtp "EHLO c\\r\\n${chunk}NOOP\\r\\nQUIT\\r\\n" "${opts[@]}"
			# (compared without a fork: 64 sessions)
			assert_equal "$status" 0
			printf -v expect '%s\r\n' "${want[@]}"
			assert_equal "$output" "$expect"
			printf '%s' "$output" >>"$BATS_TEST_TMPDIR/all.out"
			# no helo, mail, rcpt or auth event but the valid ones, and
			# each stderr line one log line
			slurp err "$SMTP_ERR"
			events=0
			while IFS= read -r line; do
				[[ $line =~ ^smtp-server\[[0-9]+\]:\ info:\  ]] ||
				    fail "stray stderr line: $line"
				[[ $line =~ :\ info:\ (helo|ehlo|mail|mail-check|rcpt|rcpt-check|auth|message)\  ]] &&
				    events=$((events + 1))
			done <<<"${err%$'\n'}"
			assert_equal "$events" "$want_events"
			sessions=$((sessions + 1))
		done
	done
	assert_wellformed "$BATS_TEST_TMPDIR/all.out"
	assert_equal "$sessions" $(((10 * 99 + 18) / 19 + (2 * 99 + 18) / 19))
	assert_equal "$(stub_runs mail-check)" "$sessions_in"
	assert_equal "$(stub_runs rcpt-check)" "$sessions_in"
	assert_equal "$(stub_runs checkpassword)" 0
	assert_equal "$(stub_runs deliver)" 0
}
