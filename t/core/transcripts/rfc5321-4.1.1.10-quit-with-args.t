# RFC 5321 4.1.1.10: quit = "QUIT" CRLF takes no argument; "QUIT now" is a
# 501 syntax error and does not end the session; a proper QUIT then does.
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

C: QUIT now
S: 501 5.5.4 Syntax: QUIT
C: NOOP
S: 250 2.0.0 OK
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
