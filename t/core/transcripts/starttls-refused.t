# RFC 3207 4: the host refuses STARTTLS (REJECT): 454 4.7.0 TLS not available;
# the session stays in plain text with its HELO (MAIL works at once).

%callbacks starttls
%answer starttls reject
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
C: STARTTLS
E: starttls
S: 454 4.7.0 TLS not available
C: MAIL FROM:<alice@client.test>
E: mail <alice@client.test>
S: 250 2.1.0 Sender OK
C: RSET
E: reset
S: 250 2.0.0 OK
%status reading
