# RFC 4954 5: the AUTH= parameter of MAIL FROM, a mailbox (xtext as sent) or
# "<>", is passed to the host.

%callbacks auth
%config flags=auth_insecure
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: EHLO client.test
E: ehlo client.test
S: 250-mx.test
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-AUTH PLAIN LOGIN
S: 250-8BITMIME
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
E: auth PLAIN authzid= user=alice password=secret
S: 235 2.7.0 Authentication successful
C: MAIL FROM:<alice@client.test> AUTH=alice@client.test
E: mail <alice@client.test> auth=alice@client.test
S: 250 2.1.0 Sender OK
C: RCPT TO:<bob@mx.test>
E: rcpt <bob@mx.test> count=0
S: 250 2.1.5 Recipient OK
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: hi
C: .
E: body hi\r\n
E: message
S: 250 2.0.0 Message accepted
C: MAIL FROM:<alice@client.test> AUTH=<>
E: mail <alice@client.test> auth=<>
S: 250 2.1.0 Sender OK
C: RSET
E: reset
S: 250 2.0.0 OK
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
