# RFC 5321 3.8 / 4.2.3: a client sending only unknown commands is not
# speaking SMTP; at the default limit of 10 unknown commands the tenth gets
# "421 ... Too many unknown commands, closing" in place of its 500 and the
# session closes.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

X: 10 XYZZY\r\n
S: 500 5.5.2 Command unrecognized
S: 500 5.5.2 Command unrecognized
S: 500 5.5.2 Command unrecognized
S: 500 5.5.2 Command unrecognized
S: 500 5.5.2 Command unrecognized
S: 500 5.5.2 Command unrecognized
S: 500 5.5.2 Command unrecognized
S: 500 5.5.2 Command unrecognized
S: 500 5.5.2 Command unrecognized
S: 421 4.7.0 mx.test Too many unknown commands, closing
C: NOOP
%status closed
