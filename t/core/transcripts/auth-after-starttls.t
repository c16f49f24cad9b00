# RFC 4954 4, RFC 3207 4.2: without auth_insecure, AUTH is neither listed nor
# allowed (538) before TLS; after STARTTLS and the handshake EHLO lists AUTH
# (and no STARTTLS) and AUTH works.

%callbacks starttls auth
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 538 5.7.11 Encryption required for requested authentication mechanism
C: STARTTLS
E: starttls
S: 220 2.0.0 Ready to start TLS
%tls ok
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-AUTH PLAIN LOGIN
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
E: auth PLAIN authzid= user=alice password=secret
S: 235 2.7.0 Authentication successful
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
