# RFC 4954 4: a response that is not valid base64 -- characters outside the
# alphabet, or missing "=" padding -- is refused with 501 5.5.2 Cannot decode
# response (as initial response and after a prompt); the host is not asked.

%callbacks auth
%config flags=auth_insecure max_auth_failures=10
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
C: AUTH PLAIN
S: 334\s
C: !!!!
S: 501 5.5.2 Cannot decode response
C: AUTH PLAIN AGFsaWNlAHNlY3JldA
S: 501 5.5.2 Cannot decode response
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: YWxpY2U
S: 501 5.5.2 Cannot decode response
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
E: auth PLAIN authzid= user=alice password=secret
S: 235 2.7.0 Authentication successful
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
