# RFC 1870 6: MAIL with SIZE= over the advertised maximum is refused at once
# with 552 5.3.4 (the host not asked); SIZE equal to the maximum is accepted and
# passed on.

%config max_message_size=1000
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 1000
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: MAIL FROM:<alice@client.test> SIZE=1001
S: 552 5.3.4 Message size exceeds fixed maximum message size
C: MAIL FROM:<alice@client.test> SIZE=1000
E: mail <alice@client.test> size=1000
S: 250 2.1.0 Sender OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
