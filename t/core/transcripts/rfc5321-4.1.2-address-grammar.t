# RFC 5321 4.1.2: Mailbox = Local-part "@" ( Domain / address-literal ),
# Local-part = Dot-string / Quoted-string, Dot-string = Atom *("." Atom),
# atext (RFC 5322) includes ! # $ % & ' * + - / = ? ^ _ ` { | } ~;
# sub-domain = Let-dig [Ldh-str] (inner hyphens, digits).  All these are
# accepted and passed to the host exactly as sent, without the brackets.
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

C: MAIL FROM:<alice@example.com>
E: mail <alice@example.com>
S: 250 2.1.0 Sender OK
C: RCPT TO:<Bob.Smith@Mail.Example.ORG>
E: rcpt <Bob.Smith@Mail.Example.ORG> count=0
S: 250 2.1.5 Recipient OK
C: RCPT TO:<a.b+tag!#$%&'*/=?^_`{|}~-@example.com>
E: rcpt <a.b+tag!#$%&'*/=?^_`{|}~-@example.com> count=1
S: 250 2.1.5 Recipient OK
C: RCPT TO:<x@sub-domain.ex-1.example>
E: rcpt <x@sub-domain.ex-1.example> count=2
S: 250 2.1.5 Recipient OK
C: RCPT TO:<123@456.example>
E: rcpt <123@456.example> count=3
S: 250 2.1.5 Recipient OK
%status reading
