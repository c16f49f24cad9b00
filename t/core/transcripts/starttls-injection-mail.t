# RFC 3207 4.2, 5; CVE-2011-0411: a whole transaction (MAIL, RCPT, DATA and
# content) injected after STARTTLS in the same packet is discarded: no callback,
# no reply; after the handshake no transaction is open.

%callbacks starttls
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
R: STARTTLS\r\n
R: MAIL FROM:<evil@attacker.example>\r\nRCPT TO:<victim@mx.test>\r\nDATA\r\n
R: Subject: injected\r\n\r\nsmuggled\r\n.\r\n
E: starttls
S: 220 2.0.0 Ready to start TLS
%tls ok
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: RCPT TO:<victim@mx.test>
S: 503 5.5.1 Need MAIL before RCPT
C: DATA
S: 503 5.5.1 Need RCPT before DATA
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
