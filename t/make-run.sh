#!/bin/sh
# The body of "make run": see the Makefile.
set -eu
addr=$1 port=$2
mkdir -p run maildir
if [ ! -s run/tls.pem ]; then
	# key and certificate in one file, made aside and renamed into
	# place: two "make run" starting at once never read a half-written
	# or mismatched pair
	openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost \
	    -keyout run/key.pem.$$ -out run/cert.pem.$$ 2>/dev/null
	(umask 077 && cat run/key.pem.$$ run/cert.pem.$$ >run/tls.pem.$$)
	rm -f run/key.pem.$$ run/cert.pem.$$
	mv -f run/tls.pem.$$ run/tls.pem
fi
server="./smtp-server -h localhost -c run/tls.pem -k run/tls.pem ./smtp-maildir ./maildir"
echo "smtp-server: listening on $addr:$port, delivering into ./maildir/new (Ctrl-C stops)"
echo "send a test message with:"
echo "  swaks --server $addr:$port --tls --to you@localhost --from me@localhost"
if command -v systemd-socket-activate >/dev/null 2>&1; then
	exec systemd-socket-activate --inetd -a -l "$addr:$port" $server
fi
exec tcpserver -v -R -H "$addr" "$port" $server
