# RFC 4954 6: the host cannot check the credentials now: 454 4.7.0
# Temporary authentication failure.

%callbacks auth
%config flags=auth_insecure
%answer auth tempfail
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
C: AUTH LOGIN YWxpY2U=
S: 334 UGFzc3dvcmQ6
C: c2VjcmV0
E: auth LOGIN authzid= user=alice password=secret
S: 454 4.7.0 Temporary authentication failure
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
