# RFC 5321 4.2.1: the first digit is the outcome (2 success, 4 transient,
# 5 permanent), so a reply must agree with the decision.  A host reply
# whose class does not match (a 4xx with REJECT, a 5xx with TEMPFAIL or
# ACCEPT, a 4xx with ACCEPT) is ignored and the core's default for the
# decision is sent.
%answer mail reject 451 4.7.1 Try again later
%answer mail tempfail 550 5.7.1 Go away
%answer mail accept 550 5.7.1 Go away
%answer rcpt accept 450 4.2.0 Busy
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
S: 550 5.7.1 Sender refused
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 451 4.7.1 Sender not accepted now, try again later
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK
C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 250 2.1.5 Recipient OK
%status reading
