# RFC 5321 4.1.4: "a client MUST issue HELO or EHLO before starting a mail
# transaction"; MAIL first is out of sequence: 503, the mail callback is not
# called.  After EHLO the same MAIL is accepted.
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: MAIL FROM:<a@b.example>
S: 503 5.5.1 Send HELO/EHLO first
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

%status reading
