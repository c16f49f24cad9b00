# RFC 5321 4.2.1 / 4.2.2: a transient refusal is a 4yz reply.  TEMPFAIL
# without a reply of its own gives the core's defaults (451 4.7.1 for MAIL,
# 450 4.2.0 for RCPT, 451 4.3.0 for DATA); with one of class 4 the host's
# (452 4.2.2 here).  A tempfailed recipient is not counted.
%answer mail tempfail
%answer rcpt tempfail
%answer rcpt tempfail 452 4.2.2 Mailbox full
%answer data tempfail
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
S: 451 4.7.1 Sender not accepted now, try again later
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 450 4.2.0 Recipient not accepted now, try again later
C: RCPT TO:<full@d.example>
E: rcpt <full@d.example> count=0
S: 452 4.2.2 Mailbox full
C: RCPT TO:<e@d.example>
E: rcpt <e@d.example> count=0
S: 250 2.1.5 Recipient OK
C: DATA
E: data
S: 451 4.3.0 Transaction not accepted now, try again later
%status reading
