# RFC 4954 4: a server must accept an AUTH response line of 12288 octets.  This
# one is valid base64 (no padding) and decodes to a PLAIN message whose user name
# is 9002 octets, over the 255 of RFC 4616: 535 5.7.8, the host not asked.

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
C: AUTH PLAIN
S: 334\s
R: AHV1
X: 3000 dXV1
R: AHBw
X: 70 cHBw
R: \r\n
S: 535 5.7.8 Authentication credentials invalid
C: NOOP
S: 250 2.0.0 OK
%status reading
