# RFC 5321 4.5.3.1.4: "The maximum total length of a command line including
# the command word and the <CRLF> is 512 octets" - a server must accept that
# much, so a max_line below 512 is raised to 512: a 512-octet line (CRLF
# included) is accepted, a 513-octet line is too long.
%config max_line=100
E: connect 192.0.2.1
S: 220 mx.test ESMTP

R: NOOP\s
X: 505 x
R: \r\n
S: 250 2.0.0 OK
R: NOOP\s
X: 506 x
R: \r\n
S: 500 5.5.6 Line too long
C: NOOP
S: 250 2.0.0 OK
%status reading
