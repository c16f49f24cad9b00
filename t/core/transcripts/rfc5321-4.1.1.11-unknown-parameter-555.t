# RFC 5321 4.1.1.11: "If the server SMTP does not recognize or cannot
# implement one or more of the parameters associated with a particular MAIL
# FROM or RCPT TO command, it will return code 555."  DSN parameters (not
# advertised) and unknown keywords are refused, the whole command with them.
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

C: MAIL FROM:<a@b.example> FOO=BAR
S: 555 5.5.4 Unsupported parameter
C: MAIL FROM:<a@b.example> RET=HDRS
S: 555 5.5.4 Unsupported parameter
C: MAIL FROM:<a@b.example> ENVID=QQ314159
S: 555 5.5.4 Unsupported parameter
C: MAIL FROM:<a@b.example> SIZE=100 XFLAG
S: 555 5.5.4 Unsupported parameter
C: MAIL FROM:<a@b.example> SIZE=100
E: mail <a@b.example> size=100
S: 250 2.1.0 Sender OK
%status reading
