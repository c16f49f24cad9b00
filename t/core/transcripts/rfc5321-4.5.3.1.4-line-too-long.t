# RFC 5321 4.5.3.1.4 / 4.5.3.1.10: a command line longer than the server
# accepts gets "500 Line too long" - once per line however long it is (here
# 5000 and 3000 octets over the 2048 default), and the session continues
# with the next line.  Nothing of the long line is executed: a long MAIL
# opens no transaction.
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

R: NOOP\s
X: 5000 x
R: \r\n
S: 500 5.5.6 Line too long
C: NOOP
S: 250 2.0.0 OK
R: MAIL FROM:<a@b.example>\s
X: 3000 x
R: \r\n
S: 500 5.5.6 Line too long
C: RCPT TO:<c@d.example>
S: 503 5.5.1 Need MAIL before RCPT
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

%status reading
