# RFC 5321 4.1.1.4, 3.3: the host refuses DATA (554 5.7.1 Transaction
# refused).  No content is read, and the transaction stays open: MAIL is still
# nested (503), and a second DATA, accepted, carries the message.

%answer data reject
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
S: 554 5.7.1 Transaction refused
C: MAIL FROM:<alice@client.test>
S: 503 5.5.1 Nested MAIL command
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: hello
C: .
E: body hello\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
