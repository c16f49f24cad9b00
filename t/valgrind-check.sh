#!/bin/sh
# valgrind-check.sh DIR - read the memcheck reports t/bin/valgrind-run left
# in DIR and print one TAP line per bats test that ran the programs:
# "ok" when every report of that test is clean, "not ok" with the findings
# otherwise.  Exits 1 if any test is not clean or there are no reports.
#
# Clean means: no error of any kind (invalid access, uninitialised value,
# bad syscall argument, overlap, bad free), and, for every process that ran
# to its exit, "ERROR SUMMARY: 0 errors" and no definite or indirect leak.
# A report without a summary is a child that exec'd its program after the
# fork, or a process a test killed on purpose: its lines are still read for
# errors.  A process that ends on SIGILL, SIGABRT, SIGBUS, SIGFPE or
# SIGSEGV has crashed, memcheck error or not; other signals (SIGTERM,
# SIGKILL) are what tests send on purpose.
dir=${1:?usage: valgrind-check.sh DIR}
set -- "$dir"/*.*.smtp-*.*
[ -e "$1" ] || { echo "not ok - valgrind: no reports in $dir"; exit 1; }
# the file name is FILE.TEST.PROGRAM.PID: group by FILE.TEST
for f; do
	b=${f##*/}
	echo "${b%.*.*} $f"
done | sort -t. -k1,1 -k2,2n | awk '
function flush() {
	if (tag == "") return
	split(tag, p, ".")
	if (bad == "")
		printf "ok - valgrind: %s test %s: %d reports clean\n", p[1], p[2], n
	else {
		printf "not ok - valgrind: %s test %s\n%s", p[1], p[2], bad
		failed = 1
	}
}
{
	if ($1 != tag) { flush(); tag = $1; n = 0; bad = "" }
	n++
	cmd = ""
	while ((getline line < $2) > 0) {
		if (line ~ /^==[0-9]+== Command: /)
			cmd = line
		if (line ~ /^==[0-9]+== (Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap|Argument .* of function|.* bytes in .* blocks are (definitely|indirectly) lost|Process terminating with default action of signal (4|6|7|8|11) )/ ||
		    line ~ /^==[0-9]+== ERROR SUMMARY: [1-9]/)
			{ bad = bad "#   " $2 ": " (cmd != "" ? cmd "\n#     " : "") line "\n"; cmd = "" }
	}
	close($2)
}
END { flush(); exit failed }
'
