# RFC 5321 4.1.4: a server refusing the EHLO/HELO name answers 550 (or a
# temporary 4yz) and stays in the state it was in: with no accepted HELO,
# MAIL is still out of sequence.  A later acceptable EHLO opens the session.
%answer helo reject
%answer helo tempfail
E: connect 192.0.2.1
S: 220 mx.test ESMTP

C: EHLO bad.example
E: ehlo bad.example
S: 550 HELO name refused
C: HELO busy.example
E: helo busy.example
S: 450 HELO name not accepted now
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
