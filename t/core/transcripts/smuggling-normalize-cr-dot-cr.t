# CVE-2023-51764 (Postfix), CVE-2023-51765 (Sendmail), CVE-2023-51766 (Exim),
# CVE-2024-27305 (aiosmtpd): SMTP smuggling, with the
# normalize_eol policy.  The fake end of data <CR>.<CR>: each bare CR or LF becomes CRLF
# in the body, and the dot that follows a normalised line end is plain content (not
# unstuffed, never an end of data).  ONE accepted message that holds the smuggled
# text; the smuggled MAIL is never executed.

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
R: Subject: smuggle\r\n\r\nhello
R: \r.\r
R: MAIL FROM:<evil@attacker.example>\r\n
R: RCPT TO:<victim@mx.test>\r\n
R: DATA\r\n\r\nsmuggled
R: \r\n.\r\n
E: body Subject: smuggle\r\n\r\nhello\r\n.\r\nMAIL FROM:<evil@attacker.example>\r\nRCPT TO:<victim@mx.test>\r\nDATA\r\n\r\nsmuggled\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
