#!/bin/sh
# The body of "make run": see the Makefile.
set -eu
addr=$1 port=$2
mkdir -p run maildir
if [ ! -s run/cert.pem ] || [ ! -s run/key.pem ]; then
	# made aside and renamed into place: two "make run" starting at once
	# never read a half-written pair
	openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost \
	    -keyout run/key.pem.$$ -out run/cert.pem.$$ 2>/dev/null
	chmod 600 run/key.pem.$$
	mv -f run/key.pem.$$ run/key.pem
	mv -f run/cert.pem.$$ run/cert.pem
fi
server="./smtp-server -h localhost -c run/cert.pem -k run/key.pem ./smtp-maildir ./maildir"
echo "smtp-server: listening on $addr:$port, delivering into ./maildir/new (Ctrl-C stops)"
echo "send a test message with:"
echo "  swaks --server $addr:$port --tls --to you@localhost --from me@localhost"
if command -v systemd-socket-activate >/dev/null 2>&1; then
	exec systemd-socket-activate --inetd -a -l "$addr:$port" $server
fi
exec tcpserver -v -R -H "$addr" "$port" $server
