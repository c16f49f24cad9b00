# RFC 5321 4.1.1.4, 4.2.5: the host tempfails the message, once with the
# default reply (451 4.3.0) and once with its own reply set by smtpd_reply_set();
# the transaction ends either way (no reset event).

%answer message tempfail
%answer message tempfail 452 4.3.1 Insufficient system storage
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
C: one
C: .
E: body one\r\n
E: message
S: 451 4.3.0 Message not accepted now, try again later
C: MAIL FROM:<alice@client.test>
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
C: RCPT TO:<bob@mx.test>
E: rcpt <bob@mx.test> count=0
S: 250 2.1.5 Recipient OK
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: two
C: .
E: body two\r\n
E: message
S: 452 4.3.1 Insufficient system storage
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
