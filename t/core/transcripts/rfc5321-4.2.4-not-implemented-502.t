# RFC 5321 4.2.4: "502 SHOULD be used when the command is actually recognized
# by the SMTP server, but not implemented."  EXPN (optional, 7.3), TURN,
# ETRN (RFC 1985), ATRN (RFC 2645), BDAT (RFC 3030, CHUNKING not offered),
# and the obsolete SEND, SOML, SAML all get 502 5.5.1.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: EXPN staff
S: 502 5.5.1 Command not implemented
C: TURN
S: 502 5.5.1 Command not implemented
C: ETRN example.com
S: 502 5.5.1 Command not implemented
C: ATRN example.com
S: 502 5.5.1 Command not implemented
C: BDAT 0 LAST
S: 502 5.5.1 Command not implemented
C: SEND FROM:<a@b.example>
S: 502 5.5.1 Command not implemented
C: SOML FROM:<a@b.example>
S: 502 5.5.1 Command not implemented
C: SAML FROM:<a@b.example>
S: 502 5.5.1 Command not implemented
C: NOOP
S: 250 2.0.0 OK
%status reading
