# RFC 5321 3.8: an HTTP POST request line in the middle of a session (a
# browser form aimed at the SMTP port) is answered with 421 and the session
# closes; the open transaction is aborted (reset callback).
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO client.example
E: ehlo client.example
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8

C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: POST /submit HTTP/1.1
E: reset
S: 421 4.7.0 mx.test Not an SMTP client, closing
C: RCPT TO:<c@d.example>
%status closed
