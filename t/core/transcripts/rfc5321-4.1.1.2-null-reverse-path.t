# RFC 5321 4.1.1.2 / 3.6.3 / 4.5.5: Reverse-path = Path / "<>"; the null
# reverse path (used for notifications) is accepted and given to the host as
# the empty address.  Forward-path has no null form: RCPT TO:<> is a bad
# recipient address.  The transaction then completes normally.
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

C: MAIL FROM:<>
E: mail <>
S: 250 2.1.0 Sender OK
C: RCPT TO:<>
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: Bounce
C: .
E: body Bounce\r\n
E: message
S: 250 2.0.0 Message accepted
%status reading
