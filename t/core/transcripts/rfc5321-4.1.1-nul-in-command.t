# RFC 5321 4.1.1 / 2.3.8: commands are printable ASCII text lines; a NUL
# byte in a command makes the whole line invalid: 500 5.5.2, nothing of it
# is executed (no helo callback), and the session goes on.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

R: NOOP\0\r\n
S: 500 5.5.2 Invalid character in command
R: EHLO client\0.example\r\n
S: 500 5.5.2 Invalid character in command
C: NOOP
S: 250 2.0.0 OK
C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

%status reading
