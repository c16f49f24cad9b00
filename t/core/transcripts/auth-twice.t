# RFC 4954 4: after a successful AUTH, another AUTH gets 503 5.5.1 Already
# authenticated and the host is not asked.

%callbacks auth
%config flags=auth_insecure
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
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
E: auth PLAIN authzid= user=alice password=secret
S: 235 2.7.0 Authentication successful
C: AUTH PLAIN AG1hbGxvcnkAeA==
S: 503 5.5.1 Already authenticated
C: AUTH LOGIN
S: 503 5.5.1 Already authenticated
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
