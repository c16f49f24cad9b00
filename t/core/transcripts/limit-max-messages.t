# smtpd.h max_messages: with max_messages=2, the third MAIL of the session gets
# 421 4.7.0 ... Too many messages in this session and the session closes (the
# host is not asked).

%config max_messages=2
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
S: 250 2.0.0 Message accepted
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
S: 250 2.0.0 Message accepted
C: MAIL FROM:<alice@client.test>
S: 421 4.7.0 mx.test Too many messages in this session, closing
C: NOOP
%status closed
