# RFC 5321 2.3.8, normalize_eol policy: bare LF and bare CR inside lines are
# turned into CRLF (a bare CR just before a CRLF too); the message is accepted.

%config flags=normalize_eol
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
R: one\ntwo\rthree\r\r\nfour\r\n
R: .\r\n
E: body one\r\ntwo\r\nthree\r\n\r\nfour\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
