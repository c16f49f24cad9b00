# RFC 4954 4, 6 (and RFC 4616 5): without TLS and without auth_insecure, AUTH
# is not listed and gets 538 5.7.11 Encryption required; the host is not asked.

%callbacks auth
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 538 5.7.11 Encryption required for requested authentication mechanism
C: AUTH LOGIN
S: 538 5.7.11 Encryption required for requested authentication mechanism
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
