# RFC 3207 4.2, 5; CVE-2011-0411: AUTH PLAIN injected after STARTTLS in the
# same packet is discarded: the auth callback never sees those credentials, and
# after the handshake the client is not authenticated (its own AUTH works).

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
R: STARTTLS\r\nAUTH PLAIN AG1hbGxvcnkAc3RvbGVu\r\n
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
