# smtpd.h max_junk: the junk count restarts after each accepted message
# (max_junk=2, max_errors=2: two free NOOPs before and two after the message,
# then two counted ones, the second of which is the 421).

%config max_junk=2 max_errors=2
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: HELO client.test
E: helo client.test
S: 250 mx.test
C: NOOP
S: 250 2.0.0 OK
C: NOOP
S: 250 2.0.0 OK
C: MAIL FROM:<alice@client.test>
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
C: RCPT TO:<bob@mx.test>
E: rcpt <bob@mx.test> count=0
S: 250 2.1.5 Recipient OK
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: hi
C: .
E: body hi\r\n
E: message
S: 250 2.0.0 Message accepted
C: NOOP
S: 250 2.0.0 OK
C: NOOP
S: 250 2.0.0 OK
C: NOOP
S: 250 2.0.0 OK
C: NOOP
S: 421 4.7.0 mx.test Too many errors, closing
C: NOOP
%status closed
