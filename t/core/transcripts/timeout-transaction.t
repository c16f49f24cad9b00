# RFC 5321 4.5.3.2.7, 3.8: a timeout inside a transaction: 421 4.4.2, the
# transaction is reported with a reset, the session closes.

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
%timeout
S: 421 4.4.2 mx.test Timeout, closing connection
E: reset
C: DATA
%status closed
