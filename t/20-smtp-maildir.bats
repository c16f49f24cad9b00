#!/usr/bin/env bats
# smtp-maildir(8): the Maildir delivery program.  Every test checks the bytes
# on disk (or their absence), the exit status and the reply line.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

bats_require_minimum_version 1.5.0

setup_file() {
	cd "$BATS_TEST_DIRNAME/.." || return 1
	# The Makefile may or may not know the program yet.
	if grep -q '^smtp-maildir:' Makefile; then
		make -s smtp-maildir
	else
		"${CC:-cc}" -std=c11 -Wall -Wextra -Werror -O2 \
		    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
		    src/smtp-maildir.c src/maildir.c -o smtp-maildir
	fi

	# A preload library that logs fsync/link/rename/unlink calls, fakes
	# the host name and injects failures, driven by the environment.
	cat >"$BATS_FILE_TMPDIR/shim.c" <<'EOF'
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/utsname.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
note(const char *what, const char *path)
{
	const char *log = getenv("SHIM_LOG");
	char line[4200];
	int n, fd;

	if (log == NULL)
		return;
	n = snprintf(line, sizeof line, "%s %s\n", what, path);
	if (n < 0 || (size_t)n >= sizeof line)
		return;
	if ((fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0600)) == -1)
		return;
	(void)!write(fd, line, (size_t)n);
	close(fd);
}

int
uname(struct utsname *u)
{
	int (*real)(struct utsname *) =
	    (int (*)(struct utsname *))dlsym(RTLD_NEXT, "uname");
	const char *h = getenv("FAKE_HOSTNAME");
	int rc = real(u);

	if (rc == 0 && h != NULL) {
		size_t n = strlen(h);

		if (n >= sizeof u->nodename)
			n = sizeof u->nodename - 1;
		memcpy(u->nodename, h, n);
		u->nodename[n] = '\0';
	}
	return rc;
}

int
fsync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	char proc[64], path[4096];
	struct stat st;
	ssize_t n;
	int dir;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if ((n = readlink(proc, path, sizeof path - 1)) < 0)
		n = 0;
	path[n] = '\0';
	dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
	note(dir ? "fsync-dir" : "fsync-file", path);
	if (getenv(dir ? "FAIL_FSYNC_DIR" : "FAIL_FSYNC_FILE") != NULL) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int
linkat(int ofd, const char *o, int nfd, const char *n, int flags)
{
	int (*real)(int, const char *, int, const char *, int) =
	    (int (*)(int, const char *, int, const char *, int))
	    dlsym(RTLD_NEXT, "linkat");

	note("linkat", n);
	if (getenv("FAIL_LINK") != NULL) {
		errno = EPERM;	/* as on a filesystem without hard links */
		return -1;
	}
	return real(ofd, o, nfd, n, flags);
}

int
renameat(int ofd, const char *o, int nfd, const char *n)
{
	int (*real)(int, const char *, int, const char *) =
	    (int (*)(int, const char *, int, const char *))
	    dlsym(RTLD_NEXT, "renameat");

	note("renameat", n);
	return real(ofd, o, nfd, n);
}

int
unlinkat(int fd, const char *p, int flags)
{
	int (*real)(int, const char *, int) =
	    (int (*)(int, const char *, int))dlsym(RTLD_NEXT, "unlinkat");

	note("unlinkat", p);
	return real(fd, p, flags);
}
EOF
	"${CC:-cc}" -shared -fPIC -O2 -Wall -o "$BATS_FILE_TMPDIR/shim.so" \
	    "$BATS_FILE_TMPDIR/shim.c" -ldl
}

setup() {
	SM="$BATS_TEST_DIRNAME/../smtp-maildir"
	SHIM="$BATS_FILE_TMPDIR/shim.so"
	M="$BATS_TEST_TMPDIR/Maildir"
	IN="$BATS_TEST_TMPDIR/in"
	EXP="$BATS_TEST_TMPDIR/expected"
	unset SENDER
	umask 022
	WORK=""
	MNT=""
}

teardown() {
	if [ -n "$MNT" ]; then
		umount "$MNT" 2>/dev/null || true
	fi
	if [ -n "$WORK" ]; then
		chmod -R u+rwx "$WORK" 2>/dev/null || true
		rm -rf "$WORK"
	fi
}

# A Maildir made beforehand, so that nothing but the delivery touches it.
make_maildir() {
	mkdir -p "$1/tmp" "$1/new" "$1/cur"
}

entries() {
	find "$1" -mindepth 1 -maxdepth 1 | wc -l
}

assert_empty_dir() {
	[ -d "$1" ] || fail "$1 is not a directory"
	[ "$(entries "$1")" -eq 0 ] || fail "$1 is not empty: $(ls -A "$1")"
}

# The one file in new/, or fail.
only_file() {
	local n
	n=$(entries "$M/new")
	[ "$n" -eq 1 ] || fail "expected 1 file in new/, found $n"
	FILE="$M/new/$(ls -A "$M/new")"
}

assert_same_bytes() {
	run cmp "$1" "$2"
	assert_success
}

# The first line on stdout names the file that is in new/.
assert_delivered_reply() {
	assert_success
	assert_output --regexp '^250 2\.0\.0 Ok: delivered as [0-9]+\.M[0-9]+P[0-9]+Q[0-9]+\.[^ /]+$'
	[ -f "$M/new/${output##* }" ] || fail "reply names ${output##* }, not in new/"
}

# Run as an unprivileged user, so that file permissions bind for root too.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	else
		"$@"
	fi
}

# A work area an unprivileged user can reach (BATS_RUN_TMPDIR is 0700).
make_work() {
	WORK=$(mktemp -d /tmp/smtp-maildir-t.XXXXXX)
	chmod 0755 "$WORK"
	cp "$SM" "$WORK/smtp-maildir"
	M="$WORK/Maildir"
	make_maildir "$M"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R 65534:65534 "$M"
	fi
	printf 'Subject: x\r\n\r\nbody\r\n' >"$WORK/in"
}

@test "creates DIR with tmp, new and cur (mode 0700) and a 0600 file" {
	printf 'Subject: x\r\n\r\nhi\r\n' >"$IN"
	[ ! -e "$M" ]
	run --separate-stderr "$SM" "$M" rcpt@example.org <"$IN"
	assert_delivered_reply
	for d in "$M" "$M/tmp" "$M/new" "$M/cur"; do
		[ -d "$d" ] || fail "$d missing"
		assert_equal "$(stat -c %a "$d")" 700
	done
	only_file
	assert_equal "$(stat -c %a "$FILE")" 600
	assert_empty_dir "$M/tmp"
	assert_empty_dir "$M/cur"
}

@test "stores Return-Path, Delivered-To in order, then the message with LF ends" {
	printf 'Received: from a by b; Tue, 24 Nov 2026 10:00:00 +0000\r\nSubject: hi\r\n\r\nbody\r\n.leading dot kept\r\n\r\nlast\r\n' >"$IN"
	printf 'Return-Path: <a@example.org>\nDelivered-To: b@example.org\nDelivered-To: c@example.net\nReceived: from a by b; Tue, 24 Nov 2026 10:00:00 +0000\nSubject: hi\n\nbody\n.leading dot kept\n\nlast\n' >"$EXP"
	SENDER=a@example.org run --separate-stderr "$SM" "$M" b@example.org c@example.net <"$IN"
	assert_delivered_reply
	assert_equal "$stderr" ""
	only_file
	assert_same_bytes "$EXP" "$FILE"
	assert_empty_dir "$M/tmp"
}

@test "only CR LF pairs become LF: a lone CR stays, also at the very end" {
	printf 'a\rb\r\n\r\r\nc\n\rd\r\n\r\nend\r' >"$IN"
	printf 'a\rb\n\r\nc\n\rd\n\nend\r' >"$EXP"
	run --separate-stderr "$SM" "$M" <"$IN"
	assert_delivered_reply
	only_file
	assert_same_bytes "$EXP" "$FILE"
}

@test "a CR LF split between two reads from a pipe is one line end" {
	mkdir -p "$M/tmp" "$M/new" "$M/cur"
	printf 'Subject: split\n\nbody\n\rx\n' >"$EXP"
	# Each piece goes out once the program has its tmp file open (it
	# reads only after that) and had time to drain the pipe.
	run --separate-stderr timeout 20 bash -c '
		M=$1
		{
			printf "Subject: split\r"
			until [ -n "$(ls -A "$M/tmp")" ]; do sleep 0.01; done
			sleep 0.3
			printf "\n\r"
			sleep 0.3
			printf "\nbody\r"
			sleep 0.3
			printf "\n\r"
			sleep 0.3
			printf "x\r\n"
		} | "$2" "$M"' _ "$M" "$SM"
	assert_delivered_reply
	only_file
	assert_same_bytes "$EXP" "$FILE"
}

@test "a CR LF split at the edge of the 64 KiB work buffer is one line end" {
	# No SENDER and no recipient: no header, so the first read of a
	# regular file fills exactly the 65536-byte buffer.
	for off in 65534 65535 65536 131071; do
		rm -rf "$M"
		{ head -c "$off" /dev/zero | tr '\0' x; printf '\r\ny\r\n'; } >"$IN"
		{ head -c "$off" /dev/zero | tr '\0' x; printf '\ny\n'; } >"$EXP"
		run --separate-stderr "$SM" "$M" <"$IN"
		assert_delivered_reply
		only_file
		assert_same_bytes "$EXP" "$FILE"
	done
	# A lone CR at the edge stays a lone CR.
	rm -rf "$M"
	{ head -c 65535 /dev/zero | tr '\0' x; printf '\rz\r\n'; } >"$IN"
	{ head -c 65535 /dev/zero | tr '\0' x; printf '\rz\n'; } >"$EXP"
	run --separate-stderr "$SM" "$M" <"$IN"
	assert_delivered_reply
	only_file
	assert_same_bytes "$EXP" "$FILE"
}

@test "an empty message is delivered: headers only, or 0 bytes" {
	SENDER=a@example.org run --separate-stderr "$SM" "$M" b@example.org </dev/null
	assert_delivered_reply
	only_file
	printf 'Return-Path: <a@example.org>\nDelivered-To: b@example.org\n' >"$EXP"
	assert_same_bytes "$EXP" "$FILE"

	rm -rf "$M"
	run --separate-stderr "$SM" "$M" </dev/null
	assert_delivered_reply
	only_file
	[ -f "$FILE" ] && [ ! -s "$FILE" ] || fail "expected an empty file"
}

@test "a 5 MiB message arrives byte for byte" {
	# Lines of every length from 0 to 119, some with a lone CR inside.
	awk 'BEGIN {
		s = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		s = s s
		while (n < 5 * 1048576) {
			l = substr(s, 1, i % 120)
			if (i % 7 == 3)
				l = l "\r" "lone"
			printf "%s\r\n", l
			n += length(l) + 2
			i++
		}
	}' >"$IN"
	[ "$(stat -c %s "$IN")" -ge 5242880 ]
	{ printf 'Return-Path: <s@example.org>\nDelivered-To: r@example.org\n'; sed 's/\r$//' "$IN"; } >"$EXP"
	SENDER=s@example.org run --separate-stderr "$SM" "$M" r@example.org <"$IN"
	assert_delivered_reply
	only_file
	assert_same_bytes "$EXP" "$FILE"
	assert_empty_dir "$M/tmp"
}

@test "-c keeps CR LF, in the added header lines too" {
	printf 'Subject: x\r\n\r\nbody\rstill\r\n' >"$IN"
	printf 'Return-Path: <a@example.org>\r\nDelivered-To: b@example.org\r\nSubject: x\r\n\r\nbody\rstill\r\n' >"$EXP"
	SENDER=a@example.org run --separate-stderr "$SM" -c "$M" b@example.org <"$IN"
	assert_delivered_reply
	only_file
	assert_same_bytes "$EXP" "$FILE"
}

@test "SENDER empty gives Return-Path: <>; SENDER unset gives none" {
	printf 'Subject: bounce\r\n\r\n' >"$IN"
	SENDER= run --separate-stderr "$SM" "$M" b@example.org <"$IN"
	assert_delivered_reply
	only_file
	printf 'Return-Path: <>\nDelivered-To: b@example.org\nSubject: bounce\n\n' >"$EXP"
	assert_same_bytes "$EXP" "$FILE"

	rm -rf "$M"
	run --separate-stderr env -u SENDER "$SM" "$M" b@example.org <"$IN"
	assert_delivered_reply
	only_file
	printf 'Delivered-To: b@example.org\nSubject: bounce\n\n' >"$EXP"
	assert_same_bytes "$EXP" "$FILE"
}

@test "a recipient may begin with '-' once DIR is given" {
	printf 'Subject: x\r\n\r\n' >"$IN"
	run --separate-stderr "$SM" "$M" -c@example.org <"$IN"
	assert_delivered_reply
	only_file
	printf 'Delivered-To: -c@example.org\nSubject: x\n\n' >"$EXP"
	assert_same_bytes "$EXP" "$FILE"
}

@test "header injection through SENDER or a recipient: exit 100, nothing written" {
	make_maildir "$M"
	printf 'Subject: x\r\n\r\nbody\r\n' >"$IN"

	SENDER=$'a@example.org\nBcc: victim@example.net' run --separate-stderr "$SM" "$M" b@example.org <"$IN"
	assert_failure 100
	assert_output '554 5.1.7 Invalid sender address'
	assert_equal "$stderr" 'smtp-maildir: fatal: unable to write Return-Path: the sender contains CR, LF or NUL'

	SENDER=$'a@example.org\r' run --separate-stderr "$SM" "$M" <"$IN"
	assert_failure 100

	run --separate-stderr "$SM" "$M" ok@example.org $'b@example.org\r\nX-Evil: 1' <"$IN"
	assert_failure 100
	assert_output '554 5.1.3 Invalid recipient address'
	assert_regex "$stderr" '^smtp-maildir: fatal: unable to write Delivered-To: '

	run --separate-stderr "$SM" "$M" $'b@example.org\nX-Evil: 1' <"$IN"
	assert_failure 100

	run --separate-stderr "$SM" "$M" '' <"$IN"
	assert_failure 100
	assert_output '554 5.1.3 Invalid recipient address'

	assert_empty_dir "$M/new"
	assert_empty_dir "$M/tmp"

	# Refused before anything is created.
	rm -rf "$M"
	SENDER=$'a\nb' run --separate-stderr "$SM" "$M" <"$IN"
	assert_failure 100
	[ ! -e "$M" ] || fail "the Maildir was created"
}

@test "usage errors exit 100 with the usage line and no reply" {
	run --separate-stderr "$SM" </dev/null
	assert_failure 100
	assert_output ''
	assert_equal "$stderr" 'usage: smtp-maildir [-c] DIR [RCPT ...]'

	run --separate-stderr "$SM" -x "$M" </dev/null
	assert_failure 100
	assert_equal "$stderr" 'usage: smtp-maildir [-c] DIR [RCPT ...]'

	run --separate-stderr "$SM" -c </dev/null
	assert_failure 100

	run --separate-stderr "$SM" '' </dev/null
	assert_failure 100
	[ ! -e "$M" ]
}

@test "a Maildir that cannot be written: exit 111, nothing in new/ or tmp/" {
	make_work
	chmod 0500 "$M/tmp" "$M/new"
	run --separate-stderr as_user "$WORK/smtp-maildir" "$M" b@example.org <"$WORK/in"
	assert_failure 111
	assert_output '451 4.3.0 Unable to store the message'
	assert_regex "$stderr" '^smtp-maildir: fatal: unable to create .*/Maildir/tmp/[^ ]+: Permission denied$'
	assert_empty_dir "$M/new"
	assert_empty_dir "$M/tmp"
}

@test "new/ cannot be written: the tmp file is removed, exit 111" {
	make_work
	chmod 0500 "$M/new"
	run --separate-stderr as_user "$WORK/smtp-maildir" "$M" b@example.org <"$WORK/in"
	assert_failure 111
	assert_output '451 4.3.0 Unable to store the message'
	assert_regex "$stderr" '^smtp-maildir: fatal: unable to link into new/ .*: Permission denied$'
	assert_empty_dir "$M/new"
	assert_empty_dir "$M/tmp"
}

@test "DIR cannot be created: exit 111 (a missing or read-only parent)" {
	make_work
	mkdir "$WORK/ro"
	chmod 0555 "$WORK/ro"
	run --separate-stderr as_user "$WORK/smtp-maildir" "$WORK/ro/Maildir" <"$WORK/in"
	assert_failure 111
	assert_output --regexp '^451 4\.3\.0 '
	assert_regex "$stderr" '^smtp-maildir: fatal: unable to create .*/ro/Maildir: Permission denied$'
	[ ! -e "$WORK/ro/Maildir" ]

	run --separate-stderr "$SM" "$BATS_TEST_TMPDIR/no/such/Maildir" <"$WORK/in"
	assert_failure 111
	assert_output --regexp '^451 4\.3\.0 '
	[ ! -e "$BATS_TEST_TMPDIR/no" ]
}

@test "disk full: exit 111, nothing left in new/ or tmp/" {
	if [ "$(id -u)" -ne 0 ]; then
		skip "needs root to mount a small tmpfs"
	fi
	MNT="$BATS_TEST_TMPDIR/full"
	mkdir "$MNT"
	if ! mount -t tmpfs -o size=64k tmpfs "$MNT"; then
		MNT=""
		skip "cannot mount a tmpfs here"
	fi
	M="$MNT/Maildir"
	# A small message fits: the filesystem itself works.
	printf 'Subject: small\r\n\r\nok\r\n' >"$IN"
	run --separate-stderr "$SM" "$M" b@example.org <"$IN"
	assert_delivered_reply
	only_file
	small="$FILE"
	# 1 MiB does not fit in 64 KiB.
	head -c 1048576 /dev/zero | tr '\0' x >"$IN"
	run --separate-stderr "$SM" "$M" b@example.org <"$IN"
	assert_failure 111
	assert_output '451 4.3.0 Mail system full'
	assert_regex "$stderr" '^smtp-maildir: fatal: unable to write .*/Maildir/tmp/[^ ]+: No space left on device$'
	only_file
	assert_equal "$FILE" "$small"
	assert_empty_dir "$M/tmp"
}

@test "200 quick deliveries get 200 unique names" {
	make_maildir "$M"
	: >"$BATS_TEST_TMPDIR/replies"
	for i in $(seq 1 200); do
		printf 'Subject: %d\r\n\r\nmessage %d\r\n' "$i" "$i" >"$IN"
		"$SM" "$M" b@example.org <"$IN" >>"$BATS_TEST_TMPDIR/replies" ||
		    fail "delivery $i failed"
	done
	assert_equal "$(entries "$M/new")" 200
	assert_equal "$(sort -u "$BATS_TEST_TMPDIR/replies" | wc -l)" 200
	assert_equal "$(cat "$M"/new/* | grep -c '^message [0-9]*$')" 200
	assert_equal "$(cat "$M"/new/* | sort -u | grep -c '^message [0-9]*$')" 200
	assert_empty_dir "$M/tmp"
}

@test "the reply line names the file; the name follows the Maildir convention" {
	printf 'Subject: x\r\n\r\n' >"$IN"
	run --separate-stderr "$SM" "$M" <"$IN"
	assert_delivered_reply
	assert_equal "${#lines[@]}" 1
	assert_equal "$stderr" ""
	name=${output##* }
	assert_regex "$name" "^[0-9]+\.M[0-9]{1,6}P[0-9]+Q1\.$(uname -n)\$"
	only_file
	assert_equal "$FILE" "$M/new/$name"
}

@test "'/' and ':' in the host name are escaped as \\057 and \\072" {
	printf 'Subject: x\r\n\r\n' >"$IN"
	FAKE_HOSTNAME='mx/a:b' run --separate-stderr env LD_PRELOAD="$SHIM" "$SM" "$M" <"$IN"
	assert_delivered_reply
	assert_regex "${output##* }" '\.mx\\057a\\072b$'
	only_file
	assert_regex "$FILE" '\.mx\\057a\\072b$'
}

@test "the file is synced before the link, new/ after it" {
	make_maildir "$M"
	printf 'Subject: x\r\n\r\n' >"$IN"
	log="$BATS_TEST_TMPDIR/log"
	SHIM_LOG="$log" run --separate-stderr env LD_PRELOAD="$SHIM" "$SM" "$M" <"$IN"
	assert_delivered_reply
	name=${output##* }
	assert_equal "$(awk '{ printf "%s ", $1 }' "$log")" "fsync-file linkat unlinkat fsync-dir "
	assert_equal "$(sed -n 1p "$log")" "fsync-file $M/tmp/$name"
	assert_equal "$(sed -n 2p "$log")" "linkat new/$name"
	assert_equal "$(sed -n 3p "$log")" "unlinkat tmp/$name"
	assert_equal "$(sed -n 4p "$log")" "fsync-dir $M/new"
}

@test "a new Maildir is synced into its parent before the message goes in" {
	printf 'Subject: x\r\n\r\n' >"$IN"
	log="$BATS_TEST_TMPDIR/log"
	SHIM_LOG="$log" run --separate-stderr env LD_PRELOAD="$SHIM" "$SM" "$M" <"$IN"
	assert_delivered_reply
	assert_equal "$(sed -n 1p "$log")" "fsync-dir $BATS_TEST_TMPDIR"
	assert_equal "$(sed -n 2p "$log")" "fsync-dir $M"
	assert_equal "$(sed -n 3p "$log" | cut -d' ' -f1)" fsync-file
}

@test "without hard links (link fails EPERM) the file is renamed into new/" {
	make_maildir "$M"
	printf 'Subject: x\r\n\r\nbody\r\n' >"$IN"
	printf 'Subject: x\n\nbody\n' >"$EXP"
	log="$BATS_TEST_TMPDIR/log"
	FAIL_LINK=1 SHIM_LOG="$log" run --separate-stderr env LD_PRELOAD="$SHIM" "$SM" "$M" <"$IN"
	assert_delivered_reply
	name=${output##* }
	assert_equal "$(awk '{ printf "%s ", $1 }' "$log")" "fsync-file linkat renameat fsync-dir "
	only_file
	assert_same_bytes "$EXP" "$FILE"
	assert_empty_dir "$M/tmp"
}

@test "fsync of the file fails: exit 111, nothing in new/ or tmp/" {
	make_maildir "$M"
	printf 'Subject: x\r\n\r\nbody\r\n' >"$IN"
	FAIL_FSYNC_FILE=1 run --separate-stderr env LD_PRELOAD="$SHIM" "$SM" "$M" b@example.org <"$IN"
	assert_failure 111
	assert_output '451 4.3.0 Unable to store the message'
	assert_regex "$stderr" '^smtp-maildir: fatal: unable to sync .*: Input/output error$'
	assert_empty_dir "$M/new"
	assert_empty_dir "$M/tmp"
}

@test "fsync of new/ fails: exit 111, the name in new/ is removed again" {
	make_maildir "$M"
	printf 'Subject: x\r\n\r\nbody\r\n' >"$IN"
	FAIL_FSYNC_DIR=1 run --separate-stderr env LD_PRELOAD="$SHIM" "$SM" "$M" b@example.org <"$IN"
	assert_failure 111
	assert_output '451 4.3.0 Unable to store the message'
	assert_regex "$stderr" '^smtp-maildir: fatal: unable to sync .*/Maildir/new: Input/output error$'
	assert_empty_dir "$M/new"
	assert_empty_dir "$M/tmp"
}

@test "a read error on stdin: exit 111, nothing in new/ or tmp/" {
	make_maildir "$M"
	# Reading a directory fails with EISDIR.
	run --separate-stderr "$SM" "$M" b@example.org <"$BATS_TEST_TMPDIR"
	assert_failure 111
	assert_output '451 4.3.0 Unable to read the message'
	assert_equal "$stderr" 'smtp-maildir: fatal: unable to read the message: Is a directory'
	assert_empty_dir "$M/new"
	assert_empty_dir "$M/tmp"
}
