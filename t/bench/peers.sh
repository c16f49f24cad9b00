# t/bench/peers.sh: the other SMTP servers the benchmark measures smtp-server
# against, and the Postfix load generator.  Sourced by the runner (bash).
#
#   bench_peers_install        make every peer and tool available; starts no
#                              daemon, changes no system configuration
#   bench_peer_NAME            set PEER_ENV and PEER_ARGV for one peer run by
#                              tcpserver per connection (NAME: mailfront,
#                              qpsmtpd, nullmailer); bench_peer_qpsmtpd_tls too
#   bench_peer_smtpsink PORT   set PEER_ENV and PEER_ARGV for a resident
#                              smtp-sink on 127.0.0.1:PORT (no tcpserver)
#   bench_smtp_source ARGS     run Postfix's smtp-source with its libraries
#
# The runner starts a stdio peer as
#     env "${PEER_ENV[@]}" tcpserver -q -HRl0 127.0.0.1 PORT "${PEER_ARGV[@]}"
# and smtp-sink as  env "${PEER_ENV[@]}" "${PEER_ARGV[@]}".
# Input: BENCH_DISCARD (the delivery program every peer runs, by fork and
# exec, once per accepted message), BENCH_WORK (a scratch directory),
# BENCH_CERT and BENCH_KEY (PEM files, for the TLS variant), BENCH_TOOLS
# (default t/bench/.tools, gitignored: unpacked packages live in
# $BENCH_TOOLS/root).  Every peer accepts any sender and any recipient from
# 127.0.0.1 and messages of at least BENCH_PEER_DATABYTES (32 MiB).
#
# Where the packages come from (Debian 12):
#   apt-get install: ucspi-tcp, mailfront (it ships no service and no
#     maintainer script; installed without its Recommends runit and ipsvd),
#     qpsmtpd's Perl dependencies (apt-cache depends qpsmtpd) plus
#     libio-socket-ssl-perl (its tls plugin) and libnet-ip-perl (its relay
#     plugin), and the shared libraries of the unpacked programs below.
#   apt-get download + dpkg-deb -x into $BENCH_TOOLS/root, because their
#     packages install and start a daemon: postfix (only smtp-source,
#     smtp-sink and their libraries in usr/lib/postfix are used, through
#     LD_LIBRARY_PATH), qpsmtpd (its Perl modules and plugins), nullmailer
#     (only nullmailer-smtpd).
#   qmail: no qmail-smtpd is packaged in Debian 12 (no qmail, netqmail or
#     notqmail package; only dot-forward and fastforward still name it), so
#     there is no qmail peer.
#
# The peers, and what differs between them that matters for a comparison
# (CPU figures: rough, this 2-core machine, whole tcpserver tree):
#   mailfront  mailfront smtp qmail counters accept-sender relayclient
#     add-received, with RELAYCLIENT="" (every recipient accepted), DATABYTES,
#     QMAILHOME=$BENCH_WORK (the qmail backend changes into it) and QMAILQUEUE
#     naming the discard program (message on fd 0, envelope on fd 1, as
#     qmail-queue), forked and fed while DATA is read.  Adds a Received:
#     line, as smtp-server does.  Announces SIZE, 8BITMIME,
#     ENHANCEDSTATUSCODES, PIPELINING.  No STARTTLS: it needs a UCSPI-TLS
#     server (ucspi-ssl's sslserver -n, s6-ucspitlsd), none is in Debian 12.
#     Logs 4 lines per message to stderr (MAIL, RCPT, accepted, and a byte
#     count per session).  About 20 ms per connection, 5 ms per message.
#   qpsmtpd  Perl, run per connection, upstream's tcpserver mode: a script
#     written into $BENCH_WORK/qpsmtpd (upstream's "qpsmtpd", which Debian
#     does not ship) runs Qpsmtpd::TcpServer, so each connection pays for
#     starting perl and compiling qpsmtpd, Net::DNS and the plugins: about
#     0.23 s of CPU per connection, then about 25 ms per 1 KiB message and
#     2 s per 10 MiB one.  Plugins: relay (RELAYCLIENT set), rcpt_ok,
#     queue/qmail-queue $BENCH_DISCARD (forked once the whole message is
#     in); no logging plugin and loglevel 2 (errors only, to stderr).
#     databytes raised to BENCH_PEER_DATABYTES.  It holds the whole message
#     before delivery: in memory up to size_threshold (set to 1 MiB; the
#     default 0 would spool every message), above it in a file in
#     $BENCH_WORK/qpsmtpd/spool, written and read back.  Adds Received: and
#     Authentication-Results: headers.  Announces PIPELINING, 8BITMIME, SIZE,
#     and STARTTLS in bench_peer_qpsmtpd_tls (tls plugin, IO::Socket::SSL,
#     cipher list HIGH; the certificate is loaded again in every connection).
#     It must have a socket on fd 0 (it checks the peer before each reply):
#     a shell pipe gets no answer.  Paths in its config must have no blanks.
#   nullmailer  nullmailer-smtpd with NULLMAILER_QUEUE naming the discard
#     program in place of the compiled-in /usr/sbin/nullmailer-queue.  Its
#     queue interface differs: one stream on fd 0 (sender line, recipient
#     lines, empty line, message); fd 1 and 2 are /dev/null opened
#     write-only, so the discard program's read of fd 1 is skipped.  It
#     forks the queue program at DATA, before 354, and writes to it with one
#     write(2) per line.  EHLO gets a bare 250: no extension at all (no
#     PIPELINING, SIZE, 8BITMIME or STARTTLS; a pipelining client still
#     works, it reads one line at a time), no size limit, no Received:
#     line, no dot-unstuffing, no log.  About 15 ms per connection.
#   smtpsink  Postfix smtp-sink: one resident event-loop process, no
#     tcpserver, no fork, no delivery program, nothing written or logged
#     (no -c, -v, -s, -d or -D; -a -C -F drop AUTH, XCLIENT, XFORWARD).
#     Announces PIPELINING, 8BITMIME, ENHANCEDSTATUSCODES, DSN; no SIZE and
#     no limit.  The floor: receiving SMTP with nothing else to do.
# All three stdio peers turn CRLF into LF before the queue program.
# smtp-source says HELO, not EHLO, so it sees no extension, and it waits
# for each reply (no pipelining): use swaks --pipeline (or a client of your
# own) to measure pipelining.  Every peer accepts its default addresses
# (foo@HOSTNAME) as well as -f a@example.org -t b@example.net.

# shellcheck disable=SC2034 # PEER_ENV and PEER_ARGV are for the runner
: "${BENCH_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${BENCH_TOOLS:=$BENCH_TOP/t/bench/.tools}"
: "${BENCH_PEER_DATABYTES:=33554432}"
BENCH_PEERS_ROOT=$BENCH_TOOLS/root
BENCH_POSTFIX_LIBS=$BENCH_PEERS_ROOT/usr/lib/postfix
SMTP_SOURCE=$BENCH_PEERS_ROOT/usr/sbin/smtp-source
SMTP_SINK=$BENCH_PEERS_ROOT/usr/sbin/smtp-sink
export SMTP_SOURCE SMTP_SINK BENCH_POSTFIX_LIBS

# Installed with apt-get: none of these ships or starts a daemon.
BENCH_PEERS_APT="ucspi-tcp mailfront perl
	libdigest-hmac-perl libmail-spf-perl libnet-dns-perl libmailtools-perl
	libipc-shareable-perl libclamav-client-perl libsocket6-perl
	libio-socket-inet6-perl libio-socket-ssl-perl libnet-ip-perl
	libdb5.3 libicu72 libnsl2 libstdc++6"
# Unpacked into $BENCH_PEERS_ROOT: each file proves its package is there.
BENCH_PEERS_UNPACK="postfix:usr/sbin/smtp-sink
	qpsmtpd:usr/share/perl5/Qpsmtpd/TcpServer.pm
	nullmailer:usr/bin/nullmailer-smtpd"

bench_apt_updated=0
# apt-get update, at most once per shell, and only when a package is
# unknown to apt or a download failed.
bench_apt_update_once() {
	[ "$bench_apt_updated" = 1 ] && return 0
	bench_apt_updated=1
	echo "peers.sh: apt-get update" >&2
	apt-get update -q >/dev/null
}

# True when apt knows a candidate version of every package named.
bench_apt_known() {
	local pkg
	for pkg; do
		apt-cache policy "$pkg" 2>/dev/null |
			grep -q 'Candidate: [^(]' || return 1
	done
}

bench_peers_install() {
	local pkg spec file have need="" root=0 log
	[ "$(id -u)" = 0 ] && root=1
	# shellcheck disable=SC2086
	have=" $(dpkg-query -W -f='${Package} ${Status}\n' $BENCH_PEERS_APT \
		2>/dev/null | sed -n 's/ install ok installed$//p' | tr '\n' ' ')"
	for pkg in $BENCH_PEERS_APT; do
		case "$have" in
		*" $pkg "*) ;;
		*) need="$need $pkg" ;;
		esac
	done
	if [ -n "$need" ]; then
		if [ "$root" != 1 ]; then
			echo "peers.sh: missing packages; run: sudo apt-get update &&" \
			     "sudo apt-get install -y --no-install-recommends$need" >&2
			return 1
		fi
		# shellcheck disable=SC2086
		bench_apt_known $need || bench_apt_update_once
		echo "peers.sh: installing:$need" >&2
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $need >/dev/null || {
			echo "peers.sh: apt-get install failed; run: apt-get update &&" \
			     "apt-get install -y --no-install-recommends$need" >&2
			return 1
		}
	fi
	mkdir -p "$BENCH_TOOLS/debs" "$BENCH_PEERS_ROOT" || return 1
	log=$BENCH_TOOLS/debs/download.log
	for spec in $BENCH_PEERS_UNPACK; do
		pkg=${spec%%:*} file=${spec#*:}
		[ -e "$BENCH_PEERS_ROOT/$file" ] && continue
		# apt-get download needs no root; run it in the directory
		# (as root it warns that _apt cannot write there: harmless).
		rm -f "$BENCH_TOOLS/debs/${pkg}"_*.deb
		if ! (cd "$BENCH_TOOLS/debs" && apt-get download "$pkg") >"$log" 2>&1; then
			if [ "$root" = 1 ]; then
				bench_apt_update_once
				(cd "$BENCH_TOOLS/debs" && apt-get download "$pkg") >"$log" 2>&1
			fi || {
				cat "$log" >&2
				echo "peers.sh: cannot download $pkg; run: sudo apt-get update" \
				     "&& (cd $BENCH_TOOLS/debs && apt-get download $pkg)" >&2
				return 1
			}
		fi
		echo "peers.sh: unpacking $pkg into $BENCH_PEERS_ROOT" >&2
		dpkg-deb -x "$BENCH_TOOLS/debs/${pkg}"_*.deb "$BENCH_PEERS_ROOT" ||
			return 1
		if [ ! -e "$BENCH_PEERS_ROOT/$file" ]; then
			echo "peers.sh: $pkg unpacked without $file" >&2
			return 1
		fi
	done
	# smtp-source and smtp-sink read no main.cf; check they load at all.
	LD_LIBRARY_PATH=$BENCH_POSTFIX_LIBS "$SMTP_SOURCE" 2>&1 |
		grep -q usage || {
		echo "peers.sh: $SMTP_SOURCE does not run" >&2
		return 1
	}
	command -v tcpserver >/dev/null || {
		echo "peers.sh: tcpserver not found (package ucspi-tcp)" >&2
		return 1
	}
}

# Run smtp-source with the unpacked Postfix libraries.
bench_smtp_source() {
	LD_LIBRARY_PATH=$BENCH_POSTFIX_LIBS "$SMTP_SOURCE" "$@"
}

bench_peer_need() {
	local var
	for var; do
		[ -n "${!var:-}" ] || {
			echo "peers.sh: $var is not set" >&2
			return 1
		}
	done
}

bench_peer_mailfront() {
	bench_peer_need BENCH_DISCARD BENCH_WORK || return 1
	# The qmail backend changes into QMAILHOME before running QMAILQUEUE.
	PEER_ENV=(QMAILQUEUE="$BENCH_DISCARD" QMAILHOME="$BENCH_WORK" \
		RELAYCLIENT= DATABYTES="$BENCH_PEER_DATABYTES" TMPDIR="$BENCH_WORK")
	PEER_ARGV=(/usr/sbin/mailfront smtp qmail counters accept-sender relayclient \
		add-received)
}

# Writes $BENCH_WORK/qpsmtpd: the per-connection script, config/, spool/.
bench_peer_qpsmtpd_setup() {
	local dir tls=$1
	bench_peer_need BENCH_DISCARD BENCH_WORK || return 1
	dir=$BENCH_WORK/qpsmtpd
	mkdir -p "$dir/config" "$dir/spool" || return 1
	chmod 700 "$dir/spool"
	# Upstream's tcpserver entry point, in a few lines: taint mode as
	# upstream, its modules from the unpacked package.  The chdir comes
	# first because Qpsmtpd.pm runs "git describe" when it is loaded in a
	# directory holding .git (the repository, where tcpserver is started).
	# run() wants a socket object (it calls ->connected before each reply);
	# the session itself is read from STDIN and written to STDOUT.
	cat >"$dir/qpsmtpd" <<EOF || return 1
#!/usr/bin/perl -Tw
BEGIN { chdir '$dir' or die "chdir $dir: \$!\\n" }
use lib '$BENCH_PEERS_ROOT/usr/share/perl5';
use strict;
use IO::Socket;
use Qpsmtpd::TcpServer;
\$| = 1;
delete \$ENV{ENV};
\$ENV{PATH} = '/usr/bin:/bin';
my \$qp = Qpsmtpd::TcpServer->new();
\$qp->load_plugins();
\$qp->start_connection();
\$qp->run(IO::Socket->new_from_fd(0, 'r'));
\$qp->run_hooks('post-connection');
\$qp->connection->reset;
EOF
	chmod 755 "$dir/qpsmtpd"
	(
		cd "$dir/config" || exit 1
		echo "$BENCH_PEERS_ROOT/usr/share/qpsmtpd/plugins" >plugin_dirs
		{
			[ "$tls" = tls ] && echo "tls $BENCH_CERT $BENCH_KEY $BENCH_CERT"
			echo relay
			echo rcpt_ok
			echo "queue/qmail-queue $BENCH_DISCARD"
		} >plugins
		echo 127.0.0.1 >relayclients
		: >rcpthosts
		: >logging
		echo 2 >loglevel
		echo "$BENCH_PEER_DATABYTES" >databytes
		echo 1048576 >size_threshold
		echo "$dir/spool" >spool_dir
		echo 700 >spool_perms
		echo peer.qpsmtpd.test >me
	)
}

bench_peer_qpsmtpd() {
	bench_peer_qpsmtpd_setup plain || return 1
	PEER_ENV=(QPSMTPD_CONFIG="$BENCH_WORK/qpsmtpd/config" RELAYCLIENT=1 \
		QMAILQUEUE="$BENCH_DISCARD")
	PEER_ARGV=("$BENCH_WORK/qpsmtpd/qpsmtpd")
}

bench_peer_qpsmtpd_tls() {
	bench_peer_need BENCH_CERT BENCH_KEY || return 1
	bench_peer_qpsmtpd_setup tls || return 1
	PEER_ENV=(QPSMTPD_CONFIG="$BENCH_WORK/qpsmtpd/config" RELAYCLIENT=1 \
		QMAILQUEUE="$BENCH_DISCARD")
	PEER_ARGV=("$BENCH_WORK/qpsmtpd/qpsmtpd")
}

bench_peer_nullmailer() {
	bench_peer_need BENCH_DISCARD || return 1
	PEER_ENV=(NULLMAILER_QUEUE="$BENCH_DISCARD")
	PEER_ARGV=("$BENCH_PEERS_ROOT/usr/bin/nullmailer-smtpd")
}

# A resident smtp-sink on 127.0.0.1:PORT (the runner starts it itself).
bench_peer_smtpsink() {
	local port=${1:?usage: bench_peer_smtpsink PORT}
	PEER_ENV=(LD_LIBRARY_PATH="$BENCH_POSTFIX_LIBS")
	PEER_ARGV=("$SMTP_SINK" -4 -a -C -F -h peer.smtp-sink.test -m 1000)
	# As root it must drop privileges (-u), after binding the port.
	[ "$(id -u)" = 0 ] && PEER_ARGV+=(-u nobody)
	PEER_ARGV+=("127.0.0.1:$port" 1024)
}
