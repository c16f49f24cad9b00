# RFC 3207 4.2: the server discards all knowledge obtained from the client
# before TLS, AUTH included: after the handshake the client is no longer
# authenticated (AUTH is asked again instead of 503 Already authenticated).

%callbacks starttls auth
%config flags=auth_insecure
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-AUTH PLAIN LOGIN
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
E: auth PLAIN authzid= user=alice password=secret
S: 235 2.7.0 Authentication successful
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
C: AUTH PLAIN AGJvYgBodW50ZXIy
E: auth PLAIN authzid= user=bob password=hunter2
S: 235 2.7.0 Authentication successful
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
