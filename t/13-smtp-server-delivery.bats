#!/usr/bin/env bats
# smtp-server(8): handing the message to the delivery program -- the default
# interface (recipients in argv, SENDER, message on stdin) and the qmail-queue
# interface (-Q), how exit codes and reply lines become the reply to the final
# dot, the spool, and smtp-maildir(8) end to end.

load test_helper

DATE_RE='[A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}'
ONE='EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhello\r\n.\r\nQUIT\r\n'

# The message file holds the Received: line of NLINES lines and then exactly
# the bytes of the printf format BODY.
assert_body() {
	local file=$1 nlines=$2 body=$3

	tail -n +"$((nlines + 1))" "$file" >"$BATS_TEST_TMPDIR/body.got"
	printf -- "$body" >"$BATS_TEST_TMPDIR/body.want"
	cmp -s "$BATS_TEST_TMPDIR/body.want" "$BATS_TEST_TMPDIR/body.got" ||
	    fail "message body differs: $(od -c "$BATS_TEST_TMPDIR/body.got" | head -n 20)"
}

@test "RFC 5321 4.1.1.4: 250 only after the delivery program exited 0" {
	make_stub deliver fake-deliver STUB_SLEEP=1
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n'; await_output '^354 '; printf 'hello\r\n.\r\n'; sleep 0.5; cp \"\$SMTP_OUT\" \"\$BATS_TEST_TMPDIR/early\"; printf 'QUIT\r\n'" \
	    -h mx.test "$STUBS/deliver"
	# the body went only after 354 came (flushed before the server
	# waited for the body); while the program ran (it sleeps 1 s), there
	# was no answer to the dot yet
	run grep -c $'^354 ' "$BATS_TEST_TMPDIR/early"
	assert_output 1
	run grep -c 'Message accepted' "$BATS_TEST_TMPDIR/early"
	assert_output 0
	assert_reply '250 2.0.0 Message accepted'
	assert [ "$SMTP_MS" -ge 1000 ]
}

@test "default interface: argv is the program, its arguments, then each recipient; SENDER is the sender" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.org>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver" -x 'two words' ''
	assert_reply '250 2.0.0 Message accepted'
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" -x 'two words' '' \
	    b@example.com c@example.org
	assert_equal "$(stub_env deliver 1 SENDER)" a@example.com
	refute_grep '^RECIPIENT=' "$STUB_DIR/deliver.env.1"
}

@test "RFC 5321 4.4: stdin is a Received: line then the message as sent, dot-unstuffed, CRLF, 8-bit and NUL intact" {
	make_stub deliver fake-deliver
	TCPREMOTEIP=192.0.2.7 smtp 'EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\nDATA\r\nSubject: t\r\n\r\n..leading dot\r\n...\r\n..\r\nnot . a dot\r\n\r\n\xff\xe9t\xe9\x00nul\r\n.x\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	# two recipients: no "for" clause
	assert_regex "$(head -n 2 "$STUB_DIR/message.1")" \
	    "^Received: from client\\.example \\(unknown \\[192\\.0\\.2\\.7\\]\\)"$'\r\n\t'"by mx\\.test \\(smtp-server\\) with ESMTP; $DATE_RE"$'\r$'
	assert_body "$STUB_DIR/message.1" 2 'Subject: t\r\n\r\n.leading dot\r\n..\r\n.\r\nnot . a dot\r\n\r\n\xff\xe9t\xe9\x00nul\r\nx\r\n'
}

@test "RFC 5321 4.4: Received: names the recipient with 'for' when there is exactly one" {
	make_stub deliver fake-deliver
	TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST=client.example smtp "$ONE" \
	    -h mx.test "$STUBS/deliver"
	assert_regex "$(head -n 3 "$STUB_DIR/message.1")" \
	    "^Received: from c \\(client\\.example \\[192\\.0\\.2\\.7\\]\\)"$'\r\n\t'"by mx\\.test \\(smtp-server\\) with ESMTP"$'\r\n\t'"for <b@example\\.com>; $DATE_RE"$'\r$'
	assert_body "$STUB_DIR/message.1" 3 'hello\r\n'
}

@test "RFC 5321 4.5.5: the null sender <> gives SENDER= (empty)" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nbounce\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	run grep -cx 'SENDER=' "$STUB_DIR/deliver.env.1"
	assert_output 1
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" b@example.com
}

@test "RFC 5321 4.2.5: exit 0 with a 2xx line -> that line is the reply" {
	make_stub deliver fake-deliver 'STUB_REPLY=250 2.0.0 Ok: queued as 4711'
	smtp "$ONE" -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Ok: queued as 4711'
	assert_log ': info: message from="a@example\.com" rcpts=1 size=[0-9]+ exit=0 result=accept$'
}

@test "RFC 5321 4.2.5: exit 100 -> 554 5.6.0, or the program's 5xx line" {
	make_stub deliver fake-deliver STUB_EXIT=100
	smtp "$ONE" -h mx.test "$STUBS/deliver"
	assert_reply '554 5.6.0 Message refused by the delivery program'
	assert_log 'exit=100 result=reject$'
	make_stub deliver fake-deliver STUB_EXIT=100 \
	    'STUB_REPLY=552 5.2.2 Mailbox full'
	smtp "$ONE" -h mx.test "$STUBS/deliver"
	assert_reply '552 5.2.2 Mailbox full'
	refute_reply '554 5.6.0 Message refused by the delivery program'
}

@test "RFC 5321 4.2.5: exit 111, 75 or a signal -> 451 4.3.0, or the program's 4xx line" {
	local how

	for how in STUB_EXIT=111 STUB_EXIT=75 STUB_EXIT=1 STUB_SIGNAL=KILL \
	    STUB_SIGNAL=TERM; do
		make_stub deliver fake-deliver "$how"
		smtp "$ONE" -h mx.test "$STUBS/deliver"
		assert_reply '451 4.3.0 Message not accepted now, try again later'
		refute_reply '250 2.0.0 Message accepted'
		assert_log ': info: message from="a@example\.com" .*result=tempfail$'
	done
	make_stub deliver fake-deliver STUB_EXIT=111 \
	    'STUB_REPLY=452 4.2.2 Over quota, try later'
	smtp "$ONE" -h mx.test "$STUBS/deliver"
	assert_reply '452 4.2.2 Over quota, try later'
}

@test "-w: a delivery program past the limit is killed with its children -> 451 4.3.0" {
	make_stub deliver fake-deliver STUB_SLEEP=30
	smtp "$ONE" -h mx.test -w 1 "$STUBS/deliver"
	assert_equal "$status" 0
	assert_reply '451 4.3.0 Message not accepted now, try again later'
	assert [ "$SMTP_MS" -lt 5000 ]
	assert_log 'child=timeout result=tempfail$'
	assert_gone "$(cat "$STUB_DIR/deliver.pid.1")"
	assert_gone "$(cat "$STUB_DIR/deliver.sleeppid.1")"
}

@test "a delivery program that cannot be run -> 451 4.3.0, and the session goes on" {
	smtp "$ONE" -h mx.test "$STUBS/no-such-program"
	assert_equal "$status" 0
	assert_reply '451 4.3.0 Message not accepted now, try again later'
	assert_reply '221 2.0.0 mx.test closing connection'
}

@test "RFC 5321 4.2: a malformed reply line of the delivery program is ignored (the default reply is used)" {
	local line

	for line in 'OK delivered' '250-2.0.0 more to come' '2500 x' '250' \
	    '25 x'; do
		make_stub deliver fake-deliver "STUB_REPLY=$line"
		smtp "$ONE" -h mx.test "$STUBS/deliver"
		assert_reply '250 2.0.0 Message accepted'
	done
	make_stub deliver fake-deliver STUB_EXIT=100 'STUB_REPLY=250 2.0.0 ok'
	smtp "$ONE" -h mx.test "$STUBS/deliver"
	assert_reply '554 5.6.0 Message refused by the delivery program'
	make_stub deliver fake-deliver STUB_EXIT=111 'STUB_REPLY=550 5.0.0 no'
	smtp "$ONE" -h mx.test "$STUBS/deliver"
	assert_reply '451 4.3.0 Message not accepted now, try again later'
	make_stub deliver fake-deliver STUB_EXIT=0 'STUB_REPLY=451 4.3.0 hmm'
	smtp "$ONE" -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
}

@test "qmail-queue (-Q): envelope on fd 1 byte for byte, message on fd 0, recipients not in argv" {
	make_stub queue fake-qmail-queue
	TCPREMOTEIP=192.0.2.7 smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.org>\r\nDATA\r\nline\r\n..dot\r\n.\r\nQUIT\r\n' \
	    -h mx.test -Q "$STUBS/queue" -x
	assert_reply '250 2.0.0 Message accepted'
	assert_argv "$STUB_DIR/queue.argv.1" "$STUBS/queue" -x
	printf 'Fa@example.com\0Tb@example.com\0Tc@example.org\0\0' \
	    >"$BATS_TEST_TMPDIR/envelope.want"
	assert cmp "$BATS_TEST_TMPDIR/envelope.want" "$STUB_DIR/envelope.1"
	assert_regex "$(head -n 2 "$STUB_DIR/message.1")" \
	    "^Received: from c \\(unknown \\[192\\.0\\.2\\.7\\]\\)"$'\r\n\t'"by mx\\.test \\(smtp-server\\) with ESMTP; $DATE_RE"$'\r$'
	assert_body "$STUB_DIR/message.1" 2 'line\r\n.dot\r\n'
	assert_equal "$(stub_env queue 1 SENDER)" a@example.com
}

@test "qmail-queue (-Q): the null sender is an empty F field" {
	make_stub queue fake-qmail-queue
	smtp 'EHLO c\r\nMAIL FROM:<>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
	    -h mx.test -Q "$STUBS/queue"
	assert_reply '250 2.0.0 Message accepted'
	printf 'F\0Tb@example.com\0\0' >"$BATS_TEST_TMPDIR/envelope.want"
	assert cmp "$BATS_TEST_TMPDIR/envelope.want" "$STUB_DIR/envelope.1"
	assert_argv "$STUB_DIR/queue.argv.1" "$STUBS/queue"
}

@test "qmail-queue (-Q): exit codes 0, 11, 31, 35, 51, 53, 71, 72, 74, 81, 99, 82 (nothing on fd 6) map to the spec's replies" {
	local pair code want

	for pair in '0 250 2.0.0 Message accepted' '11 554 5.1.3 ' \
	    '31 554 5.3.0 ' '35 554 5.3.0 ' '51 451 4.3.0 ' '53 451 4.3.0 ' \
	    '71 451 4.3.0 ' '72 451 4.4.1 ' '74 451 4.4.2 ' '81 451 4.3.0 ' \
	    '99 451 4.3.0 ' '82 451 4.3.0 '; do
		code=${pair%% *}
		want=${pair#* }
		make_stub queue fake-qmail-queue STUB_EXIT="$code"
		smtp "$ONE" -h mx.test -Q "$STUBS/queue"
		read_replies
		# the reply to the final dot is the one before 221
		assert_equal "exit $code: ${replies[-2]:0:${#want}}" \
		    "exit $code: $want"
		assert_equal "${replies[-1]}" '221 2.0.0 mx.test closing connection'
	done
}

@test "qmail-queue (-Q): exit 82 takes the reply from fd 6 (Dtext -> 554 5.3.0, Ztext -> 451 4.3.0, or a whole line)" {
	make_stub queue fake-qmail-queue STUB_EXIT=82 'STUB_FD6=DSpam is not welcome here'
	smtp "$ONE" -h mx.test -Q "$STUBS/queue"
	assert_reply '554 5.3.0 Spam is not welcome here'
	make_stub queue fake-qmail-queue STUB_EXIT=82 'STUB_FD6=ZGreylisted, come back later'
	smtp "$ONE" -h mx.test -Q "$STUBS/queue"
	assert_reply '451 4.3.0 Greylisted, come back later'
	make_stub queue fake-qmail-queue STUB_EXIT=82 'STUB_FD6=553 5.1.8 Bad sender domain'
	smtp "$ONE" -h mx.test -Q "$STUBS/queue"
	assert_reply '553 5.1.8 Bad sender domain'
	make_stub queue fake-qmail-queue STUB_EXIT=82 'STUB_FD6=452 4.3.1 Queue full'
	smtp "$ONE" -h mx.test -Q "$STUBS/queue"
	assert_reply '452 4.3.1 Queue full'
}

@test "RFC 5321 4.1.1.4: a client that disconnects mid-DATA gets no delivery, and TMPDIR holds no spool file" {
	make_stub deliver fake-deliver
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nSubject: cut\r\n\r\npartial line\r\n'; sleep 0.5; ls -A \"\$SPOOL\" >\"\$BATS_TEST_TMPDIR/during\"" \
	    -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_reply '354 End data with <CR><LF>.<CR><LF>'
	refute_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_runs deliver)" 0
	# the spool is an unlinked file: no name during the message, none after
	assert_equal "$(cat "$BATS_TEST_TMPDIR/during")" ''
	assert_equal "$(ls -A "$SPOOL")" ''
	assert_log ': info: end ip=unknown reason=client-closed messages=0 accepted=0$'
}

@test "the spool is a file without a name in \$TMPDIR while the message arrives" {
	make_stub deliver fake-deliver
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhello\r\n'; await_output '^354 '; pid=\$(sed -n '1s/^smtp-server\[\([0-9]*\)\].*/\1/p' \"\$SMTP_ERR\"); for f in /proc/\$pid/fd/*; do readlink \"\$f\"; done >\"\$BATS_TEST_TMPDIR/fds\"; ls -A \"\$SPOOL\" >\"\$BATS_TEST_TMPDIR/during\"; printf '.\r\nQUIT\r\n'" \
	    -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(cat "$BATS_TEST_TMPDIR/during")" ''
	# (not counting valgrind's own, under t/run-valgrind.sh)
	run grep -c "^$SPOOL/[^v].* (deleted)\$" "$BATS_TEST_TMPDIR/fds"
	assert_output 1
	assert_body "$STUB_DIR/message.1" 3 'hello\r\n'
}

@test "a spool file that cannot be made in \$TMPDIR -> DATA 451 4.3.0 and no delivery" {
	make_stub deliver fake-deliver
	# TMPDIR goes away while the session runs, not before: under
	# t/run-valgrind.sh valgrind itself needs it to start
	smtp --client "printf 'EHLO c\r\n'; await_output '^250 '; rmdir \"\$SPOOL\"; printf 'MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nQUIT\r\n'" \
	    -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_reply '451 4.3.0 Transaction not accepted now, try again later'
	refute_reply '354 End data with <CR><LF>.<CR><LF>'
	assert_equal "$(stub_runs deliver)" 0
}

@test "RFC 5321 3.3: two messages in one session, each with its own envelope" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nfirst\r\n.\r\nMAIL FROM:<x@example.org>\r\nRCPT TO:<y@example.org>\r\nRCPT TO:<z@example.org>\r\nDATA\r\nsecond\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 10485760' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' \
	    '250 SMTPUTF8' '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' '250 2.0.0 Message accepted' \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '250 2.1.5 Recipient OK' '354 End data with <CR><LF>.<CR><LF>' \
	    '250 2.0.0 Message accepted' '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs deliver)" 2
	assert_argv "$STUB_DIR/deliver.argv.1" "$STUBS/deliver" b@example.com
	assert_argv "$STUB_DIR/deliver.argv.2" "$STUBS/deliver" y@example.org \
	    z@example.org
	assert_equal "$(stub_env deliver 1 SENDER)" a@example.com
	assert_equal "$(stub_env deliver 2 SENDER)" x@example.org
	assert_body "$STUB_DIR/message.1" 3 'first\r\n'
	assert_body "$STUB_DIR/message.2" 2 'second\r\n'
	assert_log ': info: end ip=unknown reason=quit messages=2 accepted=2$'
}

@test "a message larger than the pipe buffers arrives byte for byte" {
	awk 'BEGIN { for (i = 0; i < 6000; i++)
	    printf "line %05d the quick brown fox jumps over the lazy dog\r\n", i }' \
	    >"$BATS_TEST_TMPDIR/big"
	make_stub deliver fake-deliver
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n'; cat \"\$BATS_TEST_TMPDIR/big\"; printf '.\r\nQUIT\r\n'" \
	    -h mx.test "$STUBS/deliver"
	assert_reply '250 2.0.0 Message accepted'
	tail -n +4 "$STUB_DIR/message.1" >"$BATS_TEST_TMPDIR/big.got"
	assert cmp "$BATS_TEST_TMPDIR/big" "$BATS_TEST_TMPDIR/big.got"
}

@test "RFC 1870 6.1: a message over -s is answered 552 5.3.4 once at the end, not delivered; the next one is" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n%01500d\r\n%01500d\r\n.\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nsmall\r\n.\r\nQUIT\r\n' \
	    -h mx.test -s 1000 "$STUBS/deliver"
	assert_replies '220 mx.test ESMTP' '250-mx.test' '250-PIPELINING' \
	    '250-SIZE 1000' '250-8BITMIME' '250-ENHANCEDSTATUSCODES' \
	    '250 SMTPUTF8' '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' \
	    '552 5.3.4 Message size exceeds fixed maximum message size' \
	    '250 2.1.0 Sender OK' '250 2.1.5 Recipient OK' \
	    '354 End data with <CR><LF>.<CR><LF>' '250 2.0.0 Message accepted' \
	    '221 2.0.0 mx.test closing connection'
	assert_equal "$(stub_runs deliver)" 1
	assert_body "$STUB_DIR/message.1" 3 'small\r\n'
}

@test "RFC 5321 4.5.3.1.8: -r below 100 is raised to 100; the 101st RCPT gets 452 4.5.3" {
	local input i

	input='EHLO c\r\nMAIL FROM:<a@example.com>\r\n'
	for i in $(seq 1 101); do
		input+="RCPT TO:<r$i@example.com>\r\n"
	done
	input+='DATA\r\nx\r\n.\r\nQUIT\r\n'
	make_stub deliver fake-deliver
	smtp "$input" -h mx.test -r 5 "$STUBS/deliver"
	read_replies
	assert_equal "$(printf '%s\n' "${replies[@]}" | grep -c '^250 2.1.5 ')" 100
	assert_reply '452 4.5.3 Too many recipients'
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(wc -l <"$STUB_DIR/deliver.argv.1")" 101
	assert_equal "$(tail -n 1 "$STUB_DIR/deliver.argv.1")" '[r100@example.com]'
}

@test "RFC 5321 4.5.3.1.8: -r 0, like any value below 100, is raised to 100" {
	local input i

	input='EHLO c\r\nMAIL FROM:<a@example.com>\r\n'
	for i in $(seq 1 101); do
		input+="RCPT TO:<r$i@example.com>\r\n"
	done
	input+='QUIT\r\n'
	make_stub deliver fake-deliver
	smtp "$input" -h mx.test -r 0 "$STUBS/deliver"
	assert_equal "$status" 0
	read_replies
	assert_equal "$(printf '%s\n' "${replies[@]}" | grep -c '^250 2.1.5 ')" 100
	assert_reply '452 4.5.3 Too many recipients'
}

@test "smtp-maildir(8) as the delivery program: the message lands in new/ with Return-Path, Delivered-To, Received, LF line ends" {
	local name file

	TCPREMOTEIP=192.0.2.7 smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nSubject: hi\r\n\r\nbody\r\n..dot\r\n.\r\nQUIT\r\n' \
	    -h mx.test "$MAILDIR_PROG" "$BATS_TEST_TMPDIR/Maildir"
	assert_equal "$status" 0
	run ls "$BATS_TEST_TMPDIR/Maildir/new"
	assert_success
	assert_equal "${#lines[@]}" 1
	name=${lines[0]}
	file=$BATS_TEST_TMPDIR/Maildir/new/$name
	assert_reply "250 2.0.0 Ok: delivered as $name"
	assert_equal "$(ls -A "$BATS_TEST_TMPDIR/Maildir/tmp")" ''
	assert_regex "$(cat "$file")" "^Return-Path: <a@example\\.com>
Delivered-To: b@example\\.com
Received: from c \\(unknown \\[192\\.0\\.2\\.7\\]\\)
	by mx\\.test \\(smtp-server\\) with ESMTP
	for <b@example\\.com>; $DATE_RE
Subject: hi

body
\\.dot\$"
	refute_grep $'\r' "$file"
	assert_equal "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" '\n'
}

@test "children get no descriptors but 0, 1, 2 (3 for checkpassword, 6 for -Q); checkpassword's 0 and 1 are /dev/null" {
	make_stub mail-check fake-check
	make_stub rcpt-check fake-check
	make_stub checkpassword fake-checkpassword
	make_stub deliver fake-deliver
	make_stub queue fake-qmail-queue
	smtp 'EHLO c\r\nAUTH PLAIN AHVzZXIAc2VjcmV0\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n' \
	    -h mx.test -A -a "$STUBS/checkpassword" -m "$STUBS/mail-check" \
	    -R "$STUBS/rcpt-check" "$STUBS/deliver"
	assert_reply '235 2.7.0 Authentication successful'
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_fds checkpassword 1)" '0 1 2 3'
	assert_equal "$(stub_fd_target checkpassword 1 0)" /dev/null
	assert_equal "$(stub_fd_target checkpassword 1 1)" /dev/null
	assert_equal "$(stub_fds mail-check 1)" '0 1 2'
	assert_equal "$(stub_fds rcpt-check 1)" '0 1 2'
	assert_equal "$(stub_fds deliver 1)" '0 1 2'
	assert_regex "$(stub_fd_target deliver 1 0)" "^$SPOOL/.* \\(deleted\\)\$"
	smtp "$ONE" -h mx.test -Q "$STUBS/queue"
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_fds queue 1)" '0 1 2 6'
}

@test "children do not inherit a descriptor the server itself was started with" {
	make_stub mail-check fake-check
	make_stub deliver fake-deliver
	exec 7<"$BATS_TEST_FILENAME"
	SMTP_KEEP_FD=7 smtp "$ONE" -h mx.test -m "$STUBS/mail-check" \
	    "$STUBS/deliver"
	exec 7<&-
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_fds mail-check 1)" '0 1 2'
	assert_equal "$(stub_fds deliver 1)" '0 1 2'
}

@test "a delivery program whose child keeps stdout open: the reply does not wait for that child" {
	make_stub deliver fake-deliver STUB_DAEMON=10 'STUB_REPLY=250 2.0.0 Ok: daemonised'
	smtp "$ONE" -h mx.test -w 5 "$STUBS/deliver"
	kill "$(cat "$STUB_DIR/deliver.daemonpid.1")" 2>/dev/null || true
	assert_reply '250 2.0.0 Ok: daemonised'
	assert [ "$SMTP_MS" -lt 4000 ]
}

@test "RFC 5321 4.1.1.4: a client that closes right after the final dot still has its message delivered" {
	make_stub deliver fake-deliver
	smtp 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nlast words\r\n.\r\n' \
	    -h mx.test "$STUBS/deliver"
	assert_equal "$status" 0
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_runs deliver)" 1
	assert_body "$STUB_DIR/message.1" 3 'last words\r\n'
	assert_log ': info: end ip=unknown reason=client-closed messages=1 accepted=1$'
}

@test "RFC 5321 4.5.3.2.7: a client silent in the middle of DATA gets 421 4.4.2 after -t, and nothing is delivered" {
	make_stub deliver fake-deliver
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhalf a message\r\n'; await_output '^354 '; sleep 2" \
	    -h mx.test -t 1 "$STUBS/deliver"
	assert_equal "$status" 0
	read_replies
	assert_equal "${replies[-1]}" '421 4.4.2 mx.test Timeout, closing connection'
	assert_equal "${replies[-2]}" '354 End data with <CR><LF>.<CR><LF>'
	assert_equal "$(stub_runs deliver)" 0
	assert_equal "$(ls -A "$SPOOL")" ''
	assert_log 'reason=timeout messages=0 accepted=0$'
}
