# RFC 5321 4.5.3.1.4 / FORMAT.md: the default command line limit is 2048
# octets including CRLF: a 2048-octet NOOP is accepted, a 2049-octet one is
# "500 5.5.6 Line too long".
E: connect 192.0.2.1
S: 220 mx.test ESMTP

R: NOOP\s
X: 2041 x
R: \r\n
S: 250 2.0.0 OK
R: NOOP\s
X: 2042 x
R: \r\n
S: 500 5.5.6 Line too long
%status reading
