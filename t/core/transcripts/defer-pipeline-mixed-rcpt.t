# RFC 2920 3.1: EHLO, MAIL, three RCPTs and DATA pipelined in one packet, the
# recipients accepted, refused and tempfailed: each reply in command order even
# when every decision is deferred; the message goes to the one good recipient.

%answer rcpt accept
%answer rcpt reject
%answer rcpt tempfail
E: connect 192.0.2.1
S: 220 mx.test ESMTP
R: EHLO client.test\r\n
R: MAIL FROM:<alice@client.test>\r\n
R: RCPT TO:<r1@mx.test>\r\n
R: RCPT TO:<r2@mx.test>\r\n
R: RCPT TO:<r3@mx.test>\r\n
R: DATA\r\n
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
E: rcpt <r1@mx.test> count=0
S: 250 2.1.5 Recipient OK
E: rcpt <r2@mx.test> count=1
S: 550 5.1.1 Recipient refused
E: rcpt <r3@mx.test> count=1
S: 450 4.2.0 Recipient not accepted now, try again later
E: data
S: 354 End data with <CR><LF>.<CR><LF>
R: Subject: pipelined\r\n\r\nhello\r\n.\r\nQUIT\r\n
E: body Subject: pipelined\r\n\r\nhello\r\n
E: message
S: 250 2.0.0 Message accepted
S: 221 2.0.0 mx.test closing connection
%status closed
