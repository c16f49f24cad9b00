# RFC 5321 4.1.2: sub-domain = Let-dig [Ldh-str] (no leading or trailing
# hyphen, no empty label), Dot-string = Atom *("." Atom) (no leading,
# trailing or double dot), Local-part is never empty, a Quoted-string must be
# closed, and a Mailbox has exactly one unquoted "@" and a domain.  Each
# violation is 501 5.1.7 and the host is not asked.
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

C: MAIL FROM:<a@.example.com>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<a@example..com>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<a@example-.com>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<a@-example.com>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<@example.com>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<"abc@example.com>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<a@>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<a..b@example.com>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<.a@example.com>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<a.@example.com>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<a@b@example.com>
S: 501 5.1.7 Bad sender address syntax
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

%status reading
