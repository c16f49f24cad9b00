# RFC 5321 4.5.3.2.7 (server timeout), 3.8: the idle timer fires with no
# transaction: 421 4.4.2 and close; later input produces nothing.

E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: HELO client.test
E: helo client.test
S: 250 mx.test
%timeout
S: 421 4.4.2 mx.test Timeout, closing connection
C: NOOP
%status closed
