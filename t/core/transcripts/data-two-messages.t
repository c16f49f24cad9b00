# RFC 5321 3.3: two transactions in one session.  The first ends with the
# message decision; the second MAIL starts afresh (recipient count from 0).

E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: HELO client.test
E: helo client.test
S: 250 mx.test
C: MAIL FROM:<alice@client.test>
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
C: RCPT TO:<bob@mx.test>
E: rcpt <bob@mx.test> count=0
S: 250 2.1.5 Recipient OK
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: first
C: .
E: body first\r\n
E: message
S: 250 2.0.0 Message accepted
C: MAIL FROM:<carol@client.test>
E: mail <carol@client.test>
S: 250 2.1.0 Sender OK
C: RCPT TO:<dave@mx.test>
E: rcpt <dave@mx.test> count=0
S: 250 2.1.5 Recipient OK
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: second
C: .
E: body second\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
