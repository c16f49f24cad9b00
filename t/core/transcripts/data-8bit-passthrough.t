# RFC 6152, RFC 5321 4.1.1.4: the body is passed to the host untouched:
# 8-bit octets, UTF-8, control characters and NUL arrive as sent (only dot
# unstuffing applies).

E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: HELO client.test
E: helo client.test
S: 250 mx.test
C: MAIL FROM:<alice@client.test> BODY=8BITMIME
E: mail <alice@client.test> body=8BITMIME
S: 250 2.1.0 Sender OK
C: RCPT TO:<bob@mx.test>
E: rcpt <bob@mx.test> count=0
S: 250 2.1.5 Recipient OK
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
R: Subject: caf\xc3\xa9\r\n\r\n
R: \x80\x81\xfe\xff latin1 \xe9t\xe9\r\n
R: ctl \x01\x1b\x7f nul \0 tab \t bs \\\r\n
R: .\xc3\xa9\r\n
C: .
E: body Subject: caf\xc3\xa9\r\n\r\n\x80\x81\xfe\xff latin1 \xe9t\xe9\r\nctl \x01\x1b\x7f nul \0 tab \t bs \\\r\n\xc3\xa9\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
