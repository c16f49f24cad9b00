# RFC 5321 4.5.3.2.7, RFC 4954 4: a timeout while the server waits for an AUTH
# response: 421 4.4.2, the host never asked, the session closed.

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
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: YWxpY2U=
S: 334 UGFzc3dvcmQ6
%timeout
S: 421 4.4.2 mx.test Timeout, closing connection
C: c2VjcmV0
%status closed
