# RFC 5321 3.8 / 4.2.3 (421 closes at any command): an HTTP request line
# ("GET / HTTP/1.1") shows the peer is a web client (cross-protocol
# request); the server says 421 at once and closes without reading the
# headers that follow.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: GET / HTTP/1.1
S: 421 4.7.0 mx.test Not an SMTP client, closing
C: Host: mx.test
C: 
C: QUIT
%status closed
