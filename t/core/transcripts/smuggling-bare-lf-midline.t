# RFC 5321 2.3.8, 4.1.1.4, CVE-2023-51764 (Postfix), CVE-2023-51765 (Sendmail), CVE-2023-51766 (Exim),
# CVE-2024-27305 (aiosmtpd): SMTP smuggling: a bare LF
# inside a line of the message is refused under the default policy: 550 5.5.2 at
# the real end of data, the content stops at the bare LF, reset, no message.

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
R: Subject: bare\r\n\r\n
R: line one\nstill line one\r\n
R: more\r\n
R: .\r\n
E: body Subject: bare\r\n\r\nline one
S: 550 5.5.2 Message contains bare CR or LF
E: reset
C: MAIL FROM:<alice@client.test>
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
