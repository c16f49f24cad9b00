# RFC 8314 3, RFC 3207 4.2: on an implicit-TLS connection (tls_active) STARTTLS
# is not listed and is refused with 503 5.5.1 TLS already active, while AUTH is
# offered without auth_insecure.

%callbacks starttls auth
%config flags=tls_active
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-AUTH PLAIN LOGIN
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: STARTTLS
S: 503 5.5.1 TLS already active
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
