# RFC 3207 4.2 (the session is reset after TLS, so a transaction must not be
# open): STARTTLS inside a transaction gets 503 5.5.1 Transaction in progress;
# the transaction is untouched (RCPT still works) until RSET.

%callbacks starttls
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: MAIL FROM:<alice@client.test>
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
C: STARTTLS
S: 503 5.5.1 Transaction in progress
C: RCPT TO:<bob@mx.test>
E: rcpt <bob@mx.test> count=0
S: 250 2.1.5 Recipient OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
