#!/bin/bash
# t/bench/run.sh - "make bench": smtp-server and its hosts side by side
# with the floor and the peers, on 127.0.0.1, every figure measured in one
# run on one machine.
#
#   t/bench/run.sh [-q] [-r REPS] [-w WORKLOAD,...] [-s SERVER,...]
#
#   -q   quick: a tenth of the messages, one repetition (a smoke run)
#   -r   repetitions per cell (default 3); the median is reported
#   -w   only these workloads; -s only these servers (names as in the table)
#
# For each workload, each repetition runs every server once, one after the
# other, so that all servers see the same machine at nearly the same time.
# A cell's headline is server CPU per message: user+system time of the
# server's whole process tree (tcpserver, the session processes, what they
# exec'd), read from /proc/PID/stat (utime, stime, cutime, cstime) of its
# root process before and after, once every child has been reaped.  The
# client's own CPU is not counted.  Messages per second come from the
# client's wall time and vary far more.
#
# Results: t/bench/results/STAMP.md (tables, ratios against the targets,
# the machine) and t/bench/results/STAMP.json (one JSON object per cell).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=t/bench/peers.sh
. t/bench/peers.sh

WORKLOADS="conn10 conn100 persist10 pipe10 pipe100 big tls-conn10 tls-pipe10 tls-big"
SERVERS="floor floor-exec floor-exec-dyn smtp-server smtp-server-notls mailfront
	nullmailer qpsmtpd qpsmtpd-tls smtp-sink evented threaded"
SERVERS=$(echo $SERVERS)	# one line
args="$*"
quick=0 reps=3 only_w="" only_s=""
while getopts qr:w:s: opt; do
	case $opt in
	q) quick=1 reps=1 ;;
	r) reps=$OPTARG ;;
	w) only_w=",$OPTARG," ;;
	s) only_s=",$OPTARG," ;;
	*) echo "usage: t/bench/run.sh [-q] [-r REPS] [-w WORKLOADS] [-s SERVERS]" >&2
	   exit 2 ;;
	esac
done

# names given with -w and -s must exist
for name in ${only_w//,/ }; do
	case " $WORKLOADS " in *" $name "*) ;; *)
		echo "run.sh: no workload $name (there are: $WORKLOADS)" >&2; exit 2 ;;
	esac
done
for name in ${only_s//,/ }; do
	case " $SERVERS " in *" $name "*) ;; *)
		echo "run.sh: no server $name (there are: $SERVERS)" >&2; exit 2 ;;
	esac
done

bench_peers_install || exit 1
for f in smtp-server smtpd-evented smtpd-threaded t/bench/floor t/bench/floor-dyn \
    t/bench/discard t/bench/smtp-blast t/bench/core-bench; do
	[ -x "$f" ] || { echo "run.sh: $f is not built (make bench builds it)" >&2; exit 1; }
done

W=$(mktemp -d /tmp/smtp-bench.XXXXXX)
BENCH_WORK=$W/work
BENCH_DISCARD=$top/t/bench/discard
BENCH_CERT=$W/cert.pem
BENCH_KEY=$W/key.pem
SPOOL=$W/spool
mkdir -p "$BENCH_WORK" "$SPOOL"
HZ=$(getconf CLK_TCK)
LIMIT=33554432		# message size limit given to every server
SERVER_PID=""
SERVER_PGID=""

# run_cell runs in a command substitution (a subshell), so the server it
# started is known here only through $W/pgid
cleanup() {
	local pgid

	stop_server
	if pgid=$(cat "$W/pgid" 2>/dev/null) && [ -n "$pgid" ]; then
		kill -KILL -- "-$pgid" 2>/dev/null
	fi
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -keyout "$BENCH_KEY" -out "$BENCH_CERT" 2>/dev/null ||
    { echo "run.sh: openssl req failed" >&2; exit 1; }

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The servers.  server_cmd NAME PORT sets CMD (argv), ENVV (environment:
# only these variables and PATH reach the server) and RESIDENT (1 when no
# tcpserver is in front).
server_cmd() {
	local name=$1 port=$2
	local ts=(tcpserver -q -c 400 -b 400 -HRl0 127.0.0.1 "$port")

	ENVV=(PATH=/usr/bin:/bin TMPDIR="$SPOOL")
	RESIDENT=0
	case $name in
	floor) CMD=("${ts[@]}" "$top/t/bench/floor") ;;
	floor-exec)
		CMD=("${ts[@]}" "$top/t/bench/floor" -x "$BENCH_DISCARD") ;;
	floor-exec-dyn)
		CMD=("${ts[@]}" "$top/t/bench/floor-dyn" -x "$BENCH_DISCARD") ;;
	smtp-server)
		CMD=("${ts[@]}" "$top/smtp-server" -h bench.test -s "$LIMIT" \
		    -c "$BENCH_CERT" -k "$BENCH_KEY" "$BENCH_DISCARD") ;;
	smtp-server-notls)
		CMD=("${ts[@]}" "$top/smtp-server" -h bench.test -s "$LIMIT" \
		    "$BENCH_DISCARD") ;;
	mailfront|nullmailer|qpsmtpd|qpsmtpd-tls)
		"bench_peer_${name//-/_}" || return 1
		ENVV+=("${PEER_ENV[@]}")
		CMD=("${ts[@]}" "${PEER_ARGV[@]}") ;;
	smtp-sink)
		bench_peer_smtpsink "$port" || return 1
		ENVV+=("${PEER_ENV[@]}")
		CMD=("${PEER_ARGV[@]}")
		RESIDENT=1 ;;
	evented)
		CMD=("$top/smtpd-evented" -q -w 1 -h bench.test -l 127.0.0.1 \
		    -p "$port" -s "$LIMIT" -D)
		RESIDENT=1 ;;
	threaded)
		CMD=("$top/smtpd-threaded" -h bench.test -l 127.0.0.1 \
		    -p "$port" -s "$LIMIT" -c "$BENCH_CERT" -k "$BENCH_KEY" -D)
		RESIDENT=1 ;;
	*) echo "run.sh: unknown server $name" >&2; return 1 ;;
	esac
}

start_server() {
	local name=$1 port=$2 i

	server_cmd "$name" "$port" || return 1
	# its own session and process group, stderr (the logs) discarded
	# as they are written: every server pays for its log writes
	env -i "${ENVV[@]}" setsid "${CMD[@]}" </dev/null >/dev/null \
	    2>/dev/null &
	SERVER_PID=$!
	SERVER_PGID=$SERVER_PID
	echo "$SERVER_PGID" >"$W/pgid"
	# listening, and it is ours: not another program that took the port
	# between free_port and our bind
	for i in $(seq 100); do
		ss -Hltnp "sport = :$port" | grep -q "pid=$SERVER_PID," &&
		    return 0
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "run.sh: $name did not start listening on $port" >&2
	stop_server
	return 1
}

stop_server() {
	local i

	[ -n "$SERVER_PGID" ] || return 0
	kill -TERM -- "-$SERVER_PGID" 2>/dev/null
	for i in $(seq 50); do
		kill -0 -- "-$SERVER_PGID" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL -- "-$SERVER_PGID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID="" SERVER_PGID=""
	: >"$W/pgid"
}

# User+system ticks of PID and of its reaped children.
cpu_ticks() {
	local stat rest

	read -r stat <"/proc/$1/stat" 2>/dev/null || return 1
	rest=${stat##*) }	# fields from the 3rd on
	# shellcheck disable=SC2086
	set -- $rest
	echo $((${12} + ${13} + ${14} + ${15}))
}

# Until tcpserver has reaped every session (at most 30 s).
wait_reaped() {
	local i kids

	for i in $(seq 600); do
		kids=$(cat "/proc/$SERVER_PID/task/$SERVER_PID/children") ||
		    return 1
		[ -z "$kids" ] && return 0
		sleep 0.05
	done
	echo "run.sh: sessions still running after 30 s: $kids" >&2
	return 1
}

# The workloads: workload_info NAME sets DESC and CLIENT (argv with @PORT@
# and @N@ for the port and the message count) and N_FAST, N_EXEC, N_SLOW:
# the message counts for in-process servers, servers that exec a delivery
# per message, and qpsmtpd (a Perl start per connection): enough for a
# few hundred clock ticks of server CPU per cell on a small VM, and a
# whole run in about 20 minutes on two cores.
blast=$top/t/bench/smtp-blast
# smtp-source is a command here, not bench_smtp_source: timeout runs it
source=(env LD_LIBRARY_PATH="$BENCH_POSTFIX_LIBS" "$SMTP_SOURCE")
source_args=(-f a@example.org -t b@example.net -l 1024)
workload_info() {
	case $1 in
	conn10) DESC="1 KiB, new connection per message, 10 at once"
		CLIENT=("${source[@]}" -s 10 -m @N@ "${source_args[@]}" 127.0.0.1:@PORT@)
		N_FAST=1000 N_EXEC=300 N_SLOW=12 ;;
	conn100) DESC="1 KiB, new connection per message, 100 at once"
		CLIENT=("${source[@]}" -s 100 -m @N@ "${source_args[@]}" 127.0.0.1:@PORT@)
		N_FAST=1000 N_EXEC=300 N_SLOW=20 ;;
	persist10) DESC="1 KiB, 10 persistent sessions (smtp-source -d: HELO, no pipelining)"
		CLIENT=("${source[@]}" -d -s 10 -m @N@ "${source_args[@]}" 127.0.0.1:@PORT@)
		N_FAST=6000 N_EXEC=1000 N_SLOW=60 ;;
	pipe10) DESC="1 KiB, 10 persistent sessions, EHLO + PIPELINING (smtp-blast -P)"
		CLIENT=("$blast" -P -p 10 -k 1000 -n @N@ 127.0.0.1 @PORT@)
		N_FAST=10000 N_EXEC=1000 N_SLOW=60 ;;
	pipe100) DESC="1 KiB, 100 parallel persistent sessions, pipelined"
		CLIENT=("$blast" -P -p 100 -k 1000 -n @N@ 127.0.0.1 @PORT@)
		N_FAST=10000 N_EXEC=1000 N_SLOW=100 ;;
	big) DESC="10 MiB messages, one persistent session"
		CLIENT=("$blast" -s 10485760 -n @N@ 127.0.0.1 @PORT@)
		N_FAST=40 N_EXEC=20 N_SLOW=2 ;;
	tls-conn10) DESC="STARTTLS, 1 KiB, new connection per message, 10 at once"
		CLIENT=("$blast" -T -k 1 -p 10 -n @N@ 127.0.0.1 @PORT@)
		N_FAST=200 N_EXEC=200 N_SLOW=12 ;;
	tls-pipe10) DESC="STARTTLS, 1 KiB, 10 persistent sessions, pipelined"
		CLIENT=("$blast" -T -P -p 10 -k 1000 -n @N@ 127.0.0.1 @PORT@)
		N_FAST=6000 N_EXEC=1000 N_SLOW=60 ;;
	tls-big) DESC="STARTTLS, 10 MiB messages, one persistent session"
		CLIENT=("$blast" -T -s 10485760 -n @N@ 127.0.0.1 @PORT@)
		N_FAST=10 N_EXEC=10 N_SLOW=1 ;;
	*) return 1 ;;
	esac
}

# Which servers run which workload: PIPELINING, STARTTLS and the exec.
servers_for() {
	case $1 in
	conn10) echo floor floor-exec floor-exec-dyn smtp-server smtp-server-notls mailfront nullmailer qpsmtpd smtp-sink evented threaded ;;
	conn100|persist10|big)
		echo floor floor-exec smtp-server mailfront nullmailer qpsmtpd smtp-sink evented threaded ;;
	pipe10|pipe100)
		echo floor floor-exec smtp-server mailfront qpsmtpd smtp-sink evented threaded ;;
	tls-*) echo smtp-server qpsmtpd-tls threaded ;;
	esac
}

server_class() {
	case $1 in
	floor|smtp-sink|evented|threaded) echo FAST ;;
	qpsmtpd|qpsmtpd-tls) echo SLOW ;;
	*) echo EXEC ;;
	esac
}

selected() {	# selected LIST NAME: LIST empty or NAME in it
	[ -z "$1" ] || case $1 in *",$2,"*) return 0 ;; *) return 1 ;; esac
}

# run_cell WORKLOAD SERVER: one measurement; prints "cpu_us msg_per_s"
# or fails.
run_cell() {
	local wl=$1 name=$2 port n var c0 c1 t0 t1 out rc arg argv=()

	workload_info "$wl"
	var=N_$(server_class "$name")
	n=${!var}
	[ "$quick" = 1 ] && n=$(((n + 9) / 10))
	port=$(free_port)
	start_server "$name" "$port" || return 1
	for arg in "${CLIENT[@]}"; do
		arg=${arg//@PORT@/$port}
		argv+=("${arg//@N@/$n}")
	done
	c0=$(cpu_ticks "$SERVER_PID") || { stop_server; return 1; }
	t0=$EPOCHREALTIME
	out=$(timeout 600 "${argv[@]}" 2>&1)
	rc=$?
	t1=$EPOCHREALTIME
	if [ "$RESIDENT" = 1 ]; then
		sleep 0.2	# the last sessions' ends
	else
		wait_reaped || rc=1
	fi
	# the server must have lived through the run: no figure from a
	# server that died (its reaped CPU would be lost with it)
	c1=$(cpu_ticks "$SERVER_PID") || rc=1
	case $(cut -d' ' -f3 "/proc/$SERVER_PID/stat" 2>/dev/null) in
	""|Z) rc=1 ;;
	esac
	stop_server
	# smtp-source reports trouble on stderr but exits 0
	if [ "$rc" -ne 0 ] || [ -z "$c1" ] || [ "$c1" -lt "$c0" ] ||
	    grep -Eqi 'error|fatal|warning|lost' <<<"$out"; then
		echo "run.sh: $wl/$name failed (status $rc): $(head -c 600 <<<"$out")" >&2
		return 1
	fi
	awk -v c=$((c1 - c0)) -v hz="$HZ" -v n="$n" -v t0="$t0" -v t1="$t1" \
	    'BEGIN { printf "%.0f %.1f %d\n", c * 1e6 / hz / n, n / (t1 - t0), n }'
}

median() {	# median of the numbers on stdin
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

stamp=$(date -u +%Y-%m-%dT%H%MZ)
mkdir -p t/bench/results
md=t/bench/results/$stamp.md
json=t/bench/results/$stamp.json
raw=$W/raw
: >"$raw"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "run.sh: results go to $md and $json" >&2

for wl in $WORKLOADS; do
	selected "$only_w" "$wl" || continue
	workload_info "$wl"
	echo "== $wl: $DESC" >&2
	for rep in $(seq "$reps"); do
		for s in $(servers_for "$wl"); do
			selected "$only_s" "$s" || continue
			if r=$(run_cell "$wl" "$s"); then
				echo "$wl $s $rep $r" >>"$raw"
				echo "   $s #$rep: $r (µs/msg msg/s n)" >&2
			else
				echo "$wl $s $rep fail" >>"$raw"
			fi
		done
	done
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# Core micro-benchmarks and memory.
failed=0
core_json=$(t/bench/core-bench -j) ||
    { echo "run.sh: core-bench failed" >&2; failed=1; }
mem_json=$(python3 t/bench/memory.py "$top" "$BENCH_DISCARD" "$SPOOL" \
    "$BENCH_CERT" "$BENCH_KEY") ||
    { echo "run.sh: memory.py failed" >&2; failed=1; }

# cell WORKLOAD SERVER FIELD: the median of field 4 (cpu) or 5 (msg/s)
cell() {
	awk -v w="$1" -v s="$2" -v f="$3" '$1 == w && $2 == s && $4 != "fail" { print $f }' "$raw" | median
}
failed_cell() {
	awk -v w="$1" -v s="$2" '$1 == w && $2 == s && $4 == "fail" { n++ } END { print n + 0 }' "$raw"
}

commit=$(git rev-parse --short HEAD 2>/dev/null)
{
	echo "# make bench: $stamp"
	echo
	echo "Commit $commit; $(nproc) CPUs, $(uname -sr); load average $load0 at the start, $load1 at the end;"
	echo "$reps repetition(s), medians. Command: \`make bench\` or \`t/bench/run.sh${args:+ $args}\`."
	echo
	echo "Server CPU per message in µs (user+system of the whole process tree), and messages per second:"
	echo
	for wl in $WORKLOADS; do
		selected "$only_w" "$wl" || continue
		workload_info "$wl"
		echo "### $wl: $DESC"
		echo
		echo "| server | CPU µs/msg | msg/s | messages | failed runs |"
		echo "|---|---:|---:|---:|---:|"
		for s in $(servers_for "$wl"); do
			selected "$only_s" "$s" || continue
			echo "| $s | $(cell "$wl" "$s" 4) | $(cell "$wl" "$s" 5) | $(cell "$wl" "$s" 6) | $(failed_cell "$wl" "$s") |"
		done
		echo
	done
} >"$md"

# ratio WORKLOAD A B: A's CPU per message over B's
ratio() {
	local a b
	a=$(cell "$1" "$2" 4) b=$(cell "$1" "$3" 4)
	[ -n "$a" ] && [ -n "$b" ] && [ "$b" != 0 ] || { echo "n/a"; return; }
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }'
}
rate_ratio() {
	local a b
	a=$(cell "$1" "$2" 5) b=$(cell "$1" "$3" 5)
	[ -n "$a" ] && [ -n "$b" ] && [ "$b" != 0 ] || { echo "n/a"; return; }
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }'
}
jget() {	# jget JSON KEY
	sed -n "s/.*\"$2\": *\([^,}]*\).*/\1/p" <<<"$1"
}
{
	echo "### Targets (ratios from this run)"
	echo
	echo "| target | measured | goal |"
	echo "|---|---:|---|"
	echo "| smtp-server / floor-exec CPU, 1 KiB, new connection, 10 at once | $(ratio conn10 smtp-server floor-exec) | ≤ 1.1 |"
	echo "| smtp-server / floor-exec CPU, 1 KiB, new connection, 100 at once | $(ratio conn100 smtp-server floor-exec) | ≤ 1.1 |"
	echo "| smtp-server / floor-exec-dyn (the floor linked dynamically, as smtp-server is) CPU, 1 KiB, new connection, 10 at once | $(ratio conn10 smtp-server floor-exec-dyn) | (what the ≤ 1.1 target leaves after dynamic linking) |"
	echo "| smtp-server / floor-exec CPU, 1 KiB, 10 persistent sessions | $(ratio persist10 smtp-server floor-exec) | ≤ 1.1 |"
	echo "| smtp-server / floor-exec CPU, 10 MiB, spooling included | $(ratio big smtp-server floor-exec) | ≤ 1.5 |"
	echo "| smtp-server (TLS configured) / smtp-server (no TLS) CPU, 1 KiB, new connection | $(ratio conn10 smtp-server smtp-server-notls) | ≈ 1: unused TLS costs nothing |"
	for p in mailfront qpsmtpd nullmailer; do
		echo "| smtp-server / $p msg/s, 1 KiB, new connection, 10 at once | $(rate_ratio conn10 smtp-server "$p") | > 1 |"
		echo "| smtp-server / $p msg/s, 1 KiB, 10 persistent sessions | $(rate_ratio persist10 smtp-server "$p") | > 1 |"
	done
	echo "| smtp-server msg/s, pipelined, 10 sessions | $(cell pipe10 smtp-server 5) | ≥ 1135 (5 × qmail-smtpd's 227) |"
	for wl in persist10 pipe10 pipe100; do
		echo "| evented / smtp-sink CPU, $wl | $(ratio "$wl" evented smtp-sink) | ≤ 1 |"
		echo "| evented / smtp-sink msg/s, $wl | $(rate_ratio "$wl" evented smtp-sink) | ≥ 1 |"
	done
	echo "| evented CPU µs per 10 MiB message | $(cell big evented 4) | ≤ 2150 (the issue's floor) ; this run's floor: $(cell big floor 4) |"
	echo "| core DATA decoder / memchr bandwidth | $(jget "$core_json" data_memchr_ratio) | ≥ 0.5 |"
	echo "| core allocations per message | $(jget "$core_json" allocs_per_message) | 0 |"
	echo "| smtp-server peak RSS, 1 KiB / 10 MiB message session, KiB | $(jget "$mem_json" stdio_rss_kib_1k) / $(jget "$mem_json" stdio_rss_kib_10m) | ≤ 2048 |"
	echo "| evented memory per idle session, KiB | $(jget "$mem_json" evented_kib_per_idle_session) | ≤ 16 |"
	echo
	echo "### Core micro-benchmarks (t/bench/core-bench -j)"
	echo
	echo '```'
	echo "$core_json"
	echo '```'
	echo
	echo "### Memory (t/bench/memory.py)"
	echo
	echo '```'
	echo "$mem_json"
	echo '```'
} >>"$md"

# One JSON object per cell, then the core's and the memory figures.
{
	for wl in $WORKLOADS; do
		selected "$only_w" "$wl" || continue
		for s in $(servers_for "$wl"); do
			selected "$only_s" "$s" || continue
			printf '{"stamp":"%s","commit":"%s","workload":"%s","server":"%s","cpu_us_per_msg":%s,"msg_per_s":%s,"messages":%s,"reps":%s,"failed_runs":%s}\n' \
			    "$stamp" "$commit" "$wl" "$s" "$(cell "$wl" "$s" 4 | grep . || echo null)" \
			    "$(cell "$wl" "$s" 5 | grep . || echo null)" \
			    "$(cell "$wl" "$s" 6 | grep . || echo null)" "$reps" \
			    "$(failed_cell "$wl" "$s")"
		done
	done
	[ -n "${core_json:-}" ] && echo "$core_json"
	[ -n "${mem_json:-}" ] && echo "$mem_json"
} >"$json"
cat "$md"
# a failed cell, a failed measurement or nothing measured is a failure
[ -s "$raw" ] || { echo "run.sh: nothing was measured" >&2; failed=1; }
grep -q ' fail$' "$raw" && failed=1
exit "$failed"
