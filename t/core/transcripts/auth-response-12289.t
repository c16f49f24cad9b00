# RFC 4954 4: an AUTH response line of 12289 octets is over the 12288 limit:
# 500 5.5.6 Authentication exchange line is too long, and the exchange ends (the
# rest of the line is not a command; the next line is).

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
R: A
R: \r\n
S: 500 5.5.6 Authentication exchange line is too long
C: NOOP
S: 250 2.0.0 OK
%status reading
