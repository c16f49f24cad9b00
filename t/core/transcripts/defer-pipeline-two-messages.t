# RFC 2920 3.1: two whole transactions, content included, in one packet; the
# first message refused by the host, the second accepted.  While the message
# decision is deferred the following MAIL must wait, so events and replies keep
# their order.

%answer message reject
E: connect 192.0.2.1
S: 220 mx.test ESMTP
R: HELO client.test\r\n
R: MAIL FROM:<alice@client.test>\r\nRCPT TO:<bob@mx.test>\r\nDATA\r\none\r\n.\r\n
R: MAIL FROM:<carol@client.test>\r\nRCPT TO:<dave@mx.test>\r\nDATA\r\ntwo\r\n.\r\n
R: QUIT\r\n
E: helo client.test
S: 250 mx.test
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
E: rcpt <bob@mx.test> count=0
S: 250 2.1.5 Recipient OK
E: data
S: 354 End data with <CR><LF>.<CR><LF>
E: body one\r\n
E: message
S: 554 5.7.1 Message refused
E: mail <carol@client.test>
S: 250 2.1.0 Sender OK
E: rcpt <dave@mx.test> count=0
S: 250 2.1.5 Recipient OK
E: data
S: 354 End data with <CR><LF>.<CR><LF>
E: body two\r\n
E: message
S: 250 2.0.0 Message accepted
S: 221 2.0.0 mx.test closing connection
%status closed
