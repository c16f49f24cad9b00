# AUTH LOGIN (draft-murchison-sasl-login): the Username: and Password: prompts
# (base64 "VXNlcm5hbWU6", "UGFzc3dvcmQ6"), then the host is asked.

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
C: c2VjcmV0
E: auth LOGIN authzid= user=alice password=secret
S: 235 2.7.0 Authentication successful
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
