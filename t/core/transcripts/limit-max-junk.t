# smtpd.h max_junk: NOOP, RSET, VRFY and HELP are free up to max_junk (2);
# beyond it each is answered normally but counts as an error, so with
# max_errors=3 the fifth such command is answered with the 421.

%config max_junk=2 max_errors=3
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: NOOP
S: 250 2.0.0 OK
C: RSET
S: 250 2.0.0 OK
C: VRFY bob
S: 252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery
C: HELP
S: 214 2.0.0 See RFC 5321
C: NOOP
S: 421 4.7.0 mx.test Too many errors, closing
C: NOOP
%status closed
