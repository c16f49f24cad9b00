# RFC 4954 4 (brute force protection), smtpd.h max_auth_failures: with
# max_auth_failures=2 the second failure's reply becomes 421 4.7.0 ... Too many
# authentication failures, and the session closes.

%callbacks auth
%config flags=auth_insecure max_auth_failures=2
%answer auth reject
%answer auth reject
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
C: AUTH PLAIN AGFsaWNlAGd1ZXNzMQ==
E: auth PLAIN authzid= user=alice password=guess1
S: 535 5.7.8 Authentication credentials invalid
C: AUTH PLAIN AGFsaWNlAGd1ZXNzMg==
E: auth PLAIN authzid= user=alice password=guess2
S: 421 4.7.0 mx.test Too many authentication failures, closing
C: AUTH PLAIN AGFsaWNlAGd1ZXNzMw==
C: NOOP
%status closed
