# RFC 5321 4.2.4, smtpd.h max_unknown: with max_unknown=2 the second unknown
# command gets 421 4.7.0 ... Too many unknown commands, closing.

%config max_unknown=2
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: FOO
S: 500 5.5.2 Command unrecognized
C: BAR baz
S: 421 4.7.0 mx.test Too many unknown commands, closing
C: NOOP
%status closed
