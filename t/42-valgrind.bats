#!/usr/bin/env bats
# 42-valgrind.bats - a representative set of smtp-server sessions, and
# smtp-maildir on its own, under valgrind's memcheck: no invalid reads or
# writes, no use of uninitialised values, no definite or indirect leak, no
# descriptor open at exit but 0, 1 and 2.
#
# Valgrind writes its report to the program's stderr (--log-fd=2), after
# the program's own log lines: --log-file would leave its own descriptor
# open in the program (valgrind 3.19) and spoil the descriptor count.  The
# children the server starts run without valgrind (they are exec'd, not
# traced), so exactly one HEAP SUMMARY must be in each report.  "Still
# reachable" blocks (libtls and OpenSSL keep some for the process's life)
# are allowed; so are "possibly lost" ones, which memcheck does not count as
# errors with --errors-for-leak-kinds=definite,indirect.

load test_helper

eval "helper_$(declare -f setup_file)"
eval "helper_$(declare -f setup)"

PIPE=$STUB_BIN/smtp-tls-pipe
FROM=a@example.org
TO=b@example.net
VALGRIND="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --track-fds=yes --log-fd=2"

setup_file() {
	helper_setup_file
	command -v valgrind >/dev/null ||
	    { echo "valgrind is missing: apt-get install valgrind" >&2; return 1; }
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	    -addext subjectAltName=DNS:localhost \
	    -keyout "$BATS_FILE_TMPDIR/key.pem" \
	    -out "$BATS_FILE_TMPDIR/cert.pem" 2>/dev/null
}

setup() {
	helper_setup
	CERT=$BATS_FILE_TMPDIR/cert.pem
	KEY=$BATS_FILE_TMPDIR/key.pem
	D=$BATS_TEST_TMPDIR
	MD=$D/maildir
	SMTP_PREFIX=$VALGRIND
}

# assert_valgrind_clean FILE: the report of one process run to its exit,
# with 0 errors, no definite or indirect leak, only 0, 1, 2 open at exit.
assert_valgrind_clean() {
	local f=$1

	run grep -c '^==[0-9]*== HEAP SUMMARY:$' "$f"
	assert_output 1
	run grep '^==[0-9]*== ERROR SUMMARY: ' "$f"
	assert_output --regexp '^==[0-9]+== ERROR SUMMARY: 0 errors from 0 contexts'
	# no error of any kind, in the process or in a child between fork and
	# exec
	refute_grep '^==[0-9]+== (Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap|Argument .* of function|Process terminating)' "$f"
	if ! grep -q '^==[0-9]*== All heap blocks were freed -- no leaks are possible$' "$f"; then
		run grep -E '^==[0-9]+==    (definitely|indirectly) lost: ' "$f"
		assert_line --index 0 --regexp 'definitely lost: 0 bytes in 0 blocks$'
		assert_line --index 1 --regexp 'indirectly lost: 0 bytes in 0 blocks$'
	fi
	# "N open (N std)": nothing but the standard descriptors
	run grep -E '^==[0-9]+== FILE DESCRIPTORS: ' "$f"
	assert_output --regexp '== FILE DESCRIPTORS: ([0-9]+) open \(\1 std\) at exit\.$'
}

# The message: a leading dot, 8-bit octets; and what the Maildir holds.
MSG='Subject: valgrind\r\n\r\n..leading dot\r\nGr\xc3\xbc\xc3\x9fe \xff\r\n.\r\n'
STORED=$'Subject: valgrind\n\n.leading dot\nGr\xc3\xbc\xc3\x9fe \xff\n'

# assert_stored: one message in $MD/new, its content after the Received:
# line (lines 3-5: one recipient) is $STORED.
assert_stored() {
	local files=("$MD"/new/*) body

	assert_equal "${#files[@]}" 1
	[ -e "${files[0]}" ] || fail "nothing in $MD/new"
	slurp body <(tail -n +6 "${files[0]}")
	assert_equal "$body" "$STORED"
}

@test "valgrind: plain delivery session into smtp-maildir (two messages, RSET, NOOP, VRFY, an unknown command)" {
	smtp "EHLO c\r\nNOOP\r\nVRFY x\r\nFOO\r\nMAIL FROM:<$FROM>\r\nRSET\r\nMAIL FROM:<$FROM> BODY=8BITMIME\r\nRCPT TO:<$TO>\r\nDATA\r\n$MSG.\r\nMAIL FROM:<$FROM>\r\nRCPT TO:<$TO>\r\nRCPT TO:<c@example.net>\r\nDATA\r\nbare\nLF\r\n.\r\nQUIT\r\n" \
	    -h mx.test "$MAILDIR_PROG" "$MD"
	assert_success
	assert_reply '500 5.5.2 Command unrecognized'
	assert_reply '550 5.5.2 Message contains bare CR or LF'
	assert_reply '221 2.0.0 mx.test closing connection'
	assert_stored
	assert_valgrind_clean "$SMTP_ERR"
}

@test "valgrind: checks (-m, -R with a refusal and a reply line) and AUTH (-A -a: refused authzid, LOGIN, PLAIN)" {
	make_stub mcheck fake-check STUB_REPLY='250 2.1.0 Sender fine'
	make_stub rcheck fake-check STUB_MATCH=no@example.net
	make_stub checkpw fake-checkpassword
	make_stub deliver fake-deliver
	smtp "EHLO c\r\nAUTH PLAIN $(printf 'bob\0alice\0secret' | base64)\r\nAUTH LOGIN\r\n*\r\nAUTH PLAIN $(printf '\0alice\0secret' | base64)\r\nMAIL FROM:<$FROM>\r\nRCPT TO:<no@example.net>\r\nRCPT TO:<$TO>\r\nDATA\r\n$MSG.\r\nQUIT\r\n" \
	    -A -a "$STUBS/checkpw" -m "$STUBS/mcheck" -R "$STUBS/rcheck" \
	    -h mx.test "$STUBS/deliver"
	assert_success
	assert_reply '535 5.7.8 Authentication credentials invalid'
	assert_reply '501 5.7.0 Authentication cancelled'
	assert_reply '235 2.7.0 Authentication successful'
	assert_reply '250 2.1.0 Sender fine'
	assert_reply '550 5.1.1 Recipient refused'
	assert_reply '250 2.0.0 Message accepted'
	assert_equal "$(stub_runs checkpw)" 1
	assert_equal "$(stub_runs rcheck)" 2
	assert_equal "$(stub_runs deliver)" 1
	assert_valgrind_clean "$SMTP_ERR"
}

@test "valgrind: STARTTLS and AUTH over smtp-tls-pipe, delivery into smtp-maildir" {
	make_stub checkpw fake-checkpassword
	# shellcheck disable=SC2086 # VALGRIND: words
	run --separate-stderr timeout 120 "$PIPE" --ca "$CERT" -- \
	    env TMPDIR="$SPOOL" $VALGRIND "$SERVER" -h mx.test \
	    -c "$CERT" -k "$KEY" -a "$STUBS/checkpw" "$MAILDIR_PROG" "$MD" <<EOF
<
> EHLO c
<
> STARTTLS
<
starttls
> EHLO c
<
> AUTH PLAIN $(printf '\0alice\0secret' | base64)
<
> MAIL FROM:<$FROM>
<
> RCPT TO:<$TO>
<
> DATA
<
> Subject: valgrind
>
> ..leading dot
>raw Gr\xc3\xbc\xc3\x9fe \xff\r\n
> .
<
> QUIT
<
expect-eof
EOF
	assert_success
	assert_line --regexp '^TLS: TLSv1\.3 '
	assert_line 'S: 235 2.7.0 Authentication successful'
	assert_line --regexp '^S: 250 2\.0\.0 Ok: delivered as '
	assert_line 'EXIT 0'
	assert_stored
	printf '%s\n' "$stderr" >"$D/vg.err"
	refute_grep 'info: tls result=failed' "$D/vg.err"
	assert_valgrind_clean "$D/vg.err"
}

@test "valgrind: -Q delivery (qmail-queue interface: envelope on fd 1, reply on fd 6)" {
	make_stub queue fake-qmail-queue STUB_EXIT=82 STUB_FD6='Zqueue busy'
	smtp "EHLO c\r\nMAIL FROM:<$FROM>\r\nRCPT TO:<$TO>\r\nRCPT TO:<c@example.net>\r\nDATA\r\n$MSG.\r\nQUIT\r\n" \
	    -Q -h mx.test "$STUBS/queue"
	assert_success
	assert_reply '451 4.3.0 queue busy'
	run cat -v "$STUB_DIR/envelope.1"
	assert_output "Fa@example.org^@Tb@example.net^@Tc@example.net^@^@"
	assert_valgrind_clean "$SMTP_ERR"
}

@test "valgrind: idle timeout (-t 1) in the middle of DATA: 421 4.4.2, spool freed" {
	make_stub deliver fake-deliver
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<$FROM>\r\nRCPT TO:<$TO>\r\nDATA\r\nSubject: half'; sleep 4" \
	    -t 1 -h mx.test "$STUBS/deliver"
	assert_success
	assert_reply '421 4.4.2 mx.test Timeout, closing connection'
	assert_log 'reason=timeout '
	assert_equal "$(stub_runs deliver)" 0
	run ls -A "$SPOOL"
	assert_output ''
	assert_valgrind_clean "$SMTP_ERR"
}

@test "valgrind: delivery program past -w 1 is killed: 451 4.3.0" {
	make_stub deliver fake-deliver STUB_SLEEP=10
	smtp "EHLO c\r\nMAIL FROM:<$FROM>\r\nRCPT TO:<$TO>\r\nDATA\r\n$MSG.\r\nQUIT\r\n" \
	    -w 1 -h mx.test "$STUBS/deliver"
	assert_success
	assert_reply '451 4.3.0 Message not accepted now, try again later'
	assert_log 'child=timeout result=tempfail'
	assert_gone "$(cat "$STUB_DIR/deliver.sleeppid.1")"
	assert_valgrind_clean "$SMTP_ERR"
}

@test "valgrind: client disconnects mid-DATA: no delivery, spool freed" {
	local i

	for i in $(seq 4000); do
		printf 'line %05d .........................................\r\n' "$i"
	done >"$D/half"
	smtp --client "printf 'EHLO c\r\nMAIL FROM:<$FROM>\r\nRCPT TO:<$TO>\r\nDATA\r\n'; cat '$D/half'; sleep 0.5" \
	    -h mx.test "$MAILDIR_PROG" "$MD"
	assert_success
	assert_log 'reason=client-closed messages=0 accepted=0$'
	[ ! -e "$MD/new" ] || [ -z "$(ls -A "$MD/new")" ]
	run ls -A "$SPOOL"
	assert_output ''
	assert_valgrind_clean "$SMTP_ERR"
}

# smtp-maildir ARGS... < stdin, under valgrind, with descriptors 0, 1 and
# 2 only: status in $status, stdout in $D/md.out, stderr (with the report)
# in $D/md.err.
maildir_vg() {
	status=0
	(
		for fd in /proc/$BASHPID/fd/*; do
			fd=${fd##*/}
			if [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ]; then
				eval "exec $fd>&-"
			fi
		done
		# shellcheck disable=SC2086 # VALGRIND: words
		exec timeout 60 $VALGRIND "$MAILDIR_PROG" "$@" >"$D/md.out" \
		    2>"$D/md.err"
	) || status=$?
}

@test "valgrind: smtp-maildir on its own: a large message, -c, a missing parent (111), a CR in SENDER (100)" {
	local i

	# 200 KiB with a CRLF split across the 64 KiB reads
	for i in $(seq 3200); do
		printf 'line %05d .........................................\r\n' "$i"
	done >"$D/big"
	SENDER=$FROM maildir_vg "$MD" "$TO" <"$D/big"
	assert_equal "$status" 0
	grep -q '^250 2\.0\.0 Ok: delivered as ' "$D/md.out"
	assert_valgrind_clean "$D/md.err"
	tail -n +3 "$MD"/new/* >"$D/stored"
	tr -d '\r' <"$D/big" >"$D/want"
	cmp "$D/stored" "$D/want"

	printf 'Subject: crlf\r\n\r\nkept\r\n' >"$D/small"
	SENDER='' maildir_vg -c "$D/md2" "$TO" <"$D/small"
	assert_equal "$status" 0
	run cat "$D"/md2/new/*
	assert_output $'Return-Path: <>\r\nDelivered-To: b@example.net\r\nSubject: crlf\r\n\r\nkept\r'
	assert_valgrind_clean "$D/md.err"

	SENDER=$FROM maildir_vg "$D/no/such/parent" "$TO" <"$D/small"
	assert_equal "$status" 111
	grep -q '^451 4\.3\.0 ' "$D/md.out"
	assert_valgrind_clean "$D/md.err"

	SENDER=$'a\rb@example.org' maildir_vg "$D/md3" "$TO" <"$D/small"
	assert_equal "$status" 100
	grep -q '^554 5\.1\.7 ' "$D/md.out"
	assert_valgrind_clean "$D/md.err"
}
