# RFC 5321 4.5.3.2.6 (DATA block timeout), 3.8: a timeout in the middle of the
# message content: 421 4.4.2, reset, no message event, closed; what follows is
# ignored, the end of data included.

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
R: Subject: cut\r\n\r\npartial\r\n
%timeout
E: body Subject: cut\r\n\r\npartial\r\n
S: 421 4.4.2 mx.test Timeout, closing connection
E: reset
R: rest\r\n.\r\n
%status closed
