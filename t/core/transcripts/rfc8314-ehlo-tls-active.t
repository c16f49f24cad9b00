# RFC 8314 3.3 / RFC 3207 4.2: on a connection that is already TLS (implicit
# TLS, tls_active) STARTTLS MUST NOT be offered again, and AUTH is offered
# because the channel is encrypted.
%callbacks starttls auth
%config flags=tls_active
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-AUTH PLAIN LOGIN
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
