# CVE-2023-51764 (Postfix), CVE-2023-51765 (Sendmail), CVE-2023-51766 (Exim),
# CVE-2024-27305 (aiosmtpd): SMTP smuggling, with the
# normalize_eol policy: a line that starts after a normalised bare LF or CR is
# not a line for RFC 5321 4.5.2, so its leading dot is kept ("..foo" stays
# "..foo"), while after a real CRLF "..bar" is unstuffed to ".bar".

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
R: hello\n..foo\r\n
R: ..bar\r\n
R: x\r..baz\r\n
R: .\r\n
E: body hello\r\n..foo\r\n.bar\r\nx\r\n..baz\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
