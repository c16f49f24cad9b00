# RFC 6531 3.3: sub-domain =/ U-label; in an SMTPUTF8 transaction a domain
# in UTF-8 (here 例え.テスト and bücher.example) is a valid domain for the
# sender and the recipients.
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

C: MAIL FROM:<user@bücher.example> SMTPUTF8
E: mail <user@bücher.example> smtputf8
S: 250 2.1.0 Sender OK
C: RCPT TO:<用户@例え.テスト>
E: rcpt <用户@例え.テスト> count=0
S: 250 2.1.5 Recipient OK
%status reading
