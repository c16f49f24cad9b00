# RFC 5321 3.8 / 4.2.3: a server may end a session that produces nothing but
# errors with 421 (service closing); with max_errors=3 the reply that would
# have been the third error is the 421 instead, the session closes and
# nothing more is read.
%config max_errors=3
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
C: DATA
S: 503 5.5.1 Need RCPT before DATA
C: VRFY
S: 421 4.7.0 mx.test Too many errors, closing
C: NOOP
C: QUIT
%status closed
