# RFC 5321 4.5.3.1.4, 4.2.4: a 10 MiB command line without a line end is
# drained, not buffered; when its CRLF comes there is exactly one 500 5.5.6 Line
# too long, and the next command is read normally.

%nosplit
E: connect 192.0.2.1
S: 220 mx.test ESMTP
X: 10485760 A
R: \r\n
S: 500 5.5.6 Line too long
C: NOOP
S: 250 2.0.0 OK
%status reading
