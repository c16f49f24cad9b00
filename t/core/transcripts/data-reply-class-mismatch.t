# smtpd.h (Decisions): a reply set by the host whose class does not match the
# decision is ignored and the default reply used: a REJECT with a 250 reply gives
# 554 5.7.1, an ACCEPT with a 554 reply gives 250 2.0.0.

%answer message reject 250 2.0.0 Looks fine
%answer message accept 554 5.7.1 Nope
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
S: 554 5.7.1 Message refused
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
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
