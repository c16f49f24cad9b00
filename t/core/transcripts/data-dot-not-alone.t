# RFC 5321 4.1.1.4, 4.5.2: only <CRLF>.<CRLF> ends the data.  Lines that
# merely contain or start with a dot ("> .", " .", ". ", ".<TAB>x", "end.") are
# content (a leading dot unstuffed), and the message goes on.

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
R: Subject: dots\r\n\r\n
C: > .
C:  .
C: .\s
C: .\tx
C: end.
C: last
C: .
E: body Subject: dots\r\n\r\n> .\r\n .\r\n \r\n\tx\r\nend.\r\nlast\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
