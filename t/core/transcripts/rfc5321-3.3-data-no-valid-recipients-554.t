# RFC 5321 3.3: "If there was no MAIL, or no RCPT, command, or all such
# commands were rejected, the server MAY return a "command out of sequence"
# (503) or "no valid recipients" (554) reply in response to the DATA
# command."  RFC 2920 1 (3): DATA must fail when every RCPT failed.  Here both
# recipients are refused by the host, so DATA gets 554 and the data callback
# is not called.
%answer rcpt reject
%answer rcpt tempfail
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

C: RCPT TO:<c@d.example>
E: rcpt <c@d.example> count=0
S: 550 5.1.1 Recipient refused
C: RCPT TO:<e@d.example>
E: rcpt <e@d.example> count=0
S: 450 4.2.0 Recipient not accepted now, try again later
C: DATA
S: 554 5.5.1 No valid recipients
%status reading
