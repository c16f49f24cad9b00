# RFC 5321 4.5.3.1.4: the command line limit (default 2048 octets with the
# CRLF) is inclusive: a 2048-octet NOOP line is answered, a 2049-octet one gets
# 500 5.5.6 Line too long.

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
C: NOOP
S: 250 2.0.0 OK
%status reading
