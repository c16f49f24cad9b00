# RFC 4616 2: AUTH PLAIN with a non-empty authorization identity
# ("admin\0alice\0secret").

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
C: AUTH PLAIN YWRtaW4AYWxpY2UAc2VjcmV0
E: auth PLAIN authzid=admin user=alice password=secret
S: 235 2.7.0 Authentication successful
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
