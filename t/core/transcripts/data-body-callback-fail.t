# smtpd.h (body callback): the body callback fails (-1, e.g. disk full).  The
# core drains the rest of the message without passing it on, answers
# 451 4.3.0 Local error in processing at the end of data, reports a reset and
# never calls the message callback.  The session goes on.  (The failing call
# itself is not printed as an event by the driver.)

%answer body fail
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
R: Subject: lost\r\n\r\n
C: this message cannot be stored
C: MAIL FROM:<not-a-command@client.test>
C: .
S: 451 4.3.0 Local error in processing
E: reset
C: MAIL FROM:<alice@client.test>
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
C: RCPT TO:<bob@mx.test>
E: rcpt <bob@mx.test> count=0
S: 250 2.1.5 Recipient OK
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: retry
C: .
E: body retry\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
