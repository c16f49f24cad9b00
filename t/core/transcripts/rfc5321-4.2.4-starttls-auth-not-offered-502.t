# RFC 5321 4.2.4 with RFC 3207 / RFC 4954: without the starttls and auth
# callbacks the extensions are not advertised, so STARTTLS and AUTH are
# recognized but not implemented: 502, and no callback runs.
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

C: STARTTLS
S: 502 5.5.1 Command not implemented
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 502 5.5.1 Command not implemented
C: AUTH LOGIN
S: 502 5.5.1 Command not implemented
C: MAIL FROM:<a@b.example>
E: mail <a@b.example>
S: 250 2.1.0 Sender OK

%status reading
