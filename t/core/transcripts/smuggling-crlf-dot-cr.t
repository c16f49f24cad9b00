# CVE-2023-51764 (Postfix), CVE-2023-51765 (Sendmail), CVE-2023-51766 (Exim),
# CVE-2024-27305 (aiosmtpd): SMTP smuggling.
# The fake end of data <CR><LF>.<CR>, which holds a bare CR or LF, followed by a second,
# complete transaction is not an end of data: under the default policy the whole input up to
# the real <CRLF>.<CRLF> is ONE message, refused with 550 5.5.2 because of the bare
# line end.  The smuggled MAIL/RCPT are never executed (no mail/rcpt event), no
# message event; content stops flowing at the bare line end.

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
R: Subject: smuggle\r\n\r\nhello
R: \r\n.\r
R: MAIL FROM:<evil@attacker.example>\r\n
R: RCPT TO:<victim@mx.test>\r\n
R: DATA\r\n\r\nsmuggled
R: \r\n.\r\n
E: body Subject: smuggle\r\n\r\nhello\r\n
S: 550 5.5.2 Message contains bare CR or LF
E: reset
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
