# RFC 5321 4.1.1.4, CVE-2023-51764 (Postfix), CVE-2023-51765 (Sendmail), CVE-2023-51766 (Exim),
# CVE-2024-27305 (aiosmtpd): SMTP smuggling: the end of data
# <CRLF>.<CRLF> split over several writes is still recognised (and only it):
# "\r\n." followed by ".more" is an unstuffed content line.

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
R: hello\r
R: \n.
R: .more\r
R: \n
R: .
R: \r
R: \n
E: body hello\r\n.more\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
