# RFC 5321 4.5.3.1.10: 452 4.5.3 for recipients over the limit is flow control,
# not a client error: a client that pipelines 150 recipients keeps the 100 it got,
# is not cut off by max_errors (20), and its message goes through.
E: connect 192.0.2.1
S: 220 mx.test ESMTP
C: HELO client.test
E: helo client.test
S: 250 mx.test
C: MAIL FROM:<a@client.test>
E: mail <a@client.test>
S: 250 2.1.0 Sender OK
C: RCPT TO:<r0@mx.test>
E: rcpt <r0@mx.test> count=0
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r1@mx.test>
E: rcpt <r1@mx.test> count=1
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r2@mx.test>
E: rcpt <r2@mx.test> count=2
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r3@mx.test>
E: rcpt <r3@mx.test> count=3
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r4@mx.test>
E: rcpt <r4@mx.test> count=4
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r5@mx.test>
E: rcpt <r5@mx.test> count=5
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r6@mx.test>
E: rcpt <r6@mx.test> count=6
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r7@mx.test>
E: rcpt <r7@mx.test> count=7
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r8@mx.test>
E: rcpt <r8@mx.test> count=8
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r9@mx.test>
E: rcpt <r9@mx.test> count=9
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r10@mx.test>
E: rcpt <r10@mx.test> count=10
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r11@mx.test>
E: rcpt <r11@mx.test> count=11
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r12@mx.test>
E: rcpt <r12@mx.test> count=12
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r13@mx.test>
E: rcpt <r13@mx.test> count=13
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r14@mx.test>
E: rcpt <r14@mx.test> count=14
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r15@mx.test>
E: rcpt <r15@mx.test> count=15
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r16@mx.test>
E: rcpt <r16@mx.test> count=16
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r17@mx.test>
E: rcpt <r17@mx.test> count=17
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r18@mx.test>
E: rcpt <r18@mx.test> count=18
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r19@mx.test>
E: rcpt <r19@mx.test> count=19
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r20@mx.test>
E: rcpt <r20@mx.test> count=20
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r21@mx.test>
E: rcpt <r21@mx.test> count=21
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r22@mx.test>
E: rcpt <r22@mx.test> count=22
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r23@mx.test>
E: rcpt <r23@mx.test> count=23
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r24@mx.test>
E: rcpt <r24@mx.test> count=24
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r25@mx.test>
E: rcpt <r25@mx.test> count=25
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r26@mx.test>
E: rcpt <r26@mx.test> count=26
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r27@mx.test>
E: rcpt <r27@mx.test> count=27
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r28@mx.test>
E: rcpt <r28@mx.test> count=28
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r29@mx.test>
E: rcpt <r29@mx.test> count=29
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r30@mx.test>
E: rcpt <r30@mx.test> count=30
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r31@mx.test>
E: rcpt <r31@mx.test> count=31
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r32@mx.test>
E: rcpt <r32@mx.test> count=32
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r33@mx.test>
E: rcpt <r33@mx.test> count=33
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r34@mx.test>
E: rcpt <r34@mx.test> count=34
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r35@mx.test>
E: rcpt <r35@mx.test> count=35
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r36@mx.test>
E: rcpt <r36@mx.test> count=36
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r37@mx.test>
E: rcpt <r37@mx.test> count=37
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r38@mx.test>
E: rcpt <r38@mx.test> count=38
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r39@mx.test>
E: rcpt <r39@mx.test> count=39
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r40@mx.test>
E: rcpt <r40@mx.test> count=40
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r41@mx.test>
E: rcpt <r41@mx.test> count=41
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r42@mx.test>
E: rcpt <r42@mx.test> count=42
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r43@mx.test>
E: rcpt <r43@mx.test> count=43
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r44@mx.test>
E: rcpt <r44@mx.test> count=44
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r45@mx.test>
E: rcpt <r45@mx.test> count=45
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r46@mx.test>
E: rcpt <r46@mx.test> count=46
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r47@mx.test>
E: rcpt <r47@mx.test> count=47
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r48@mx.test>
E: rcpt <r48@mx.test> count=48
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r49@mx.test>
E: rcpt <r49@mx.test> count=49
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r50@mx.test>
E: rcpt <r50@mx.test> count=50
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r51@mx.test>
E: rcpt <r51@mx.test> count=51
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r52@mx.test>
E: rcpt <r52@mx.test> count=52
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r53@mx.test>
E: rcpt <r53@mx.test> count=53
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r54@mx.test>
E: rcpt <r54@mx.test> count=54
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r55@mx.test>
E: rcpt <r55@mx.test> count=55
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r56@mx.test>
E: rcpt <r56@mx.test> count=56
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r57@mx.test>
E: rcpt <r57@mx.test> count=57
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r58@mx.test>
E: rcpt <r58@mx.test> count=58
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r59@mx.test>
E: rcpt <r59@mx.test> count=59
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r60@mx.test>
E: rcpt <r60@mx.test> count=60
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r61@mx.test>
E: rcpt <r61@mx.test> count=61
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r62@mx.test>
E: rcpt <r62@mx.test> count=62
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r63@mx.test>
E: rcpt <r63@mx.test> count=63
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r64@mx.test>
E: rcpt <r64@mx.test> count=64
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r65@mx.test>
E: rcpt <r65@mx.test> count=65
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r66@mx.test>
E: rcpt <r66@mx.test> count=66
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r67@mx.test>
E: rcpt <r67@mx.test> count=67
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r68@mx.test>
E: rcpt <r68@mx.test> count=68
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r69@mx.test>
E: rcpt <r69@mx.test> count=69
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r70@mx.test>
E: rcpt <r70@mx.test> count=70
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r71@mx.test>
E: rcpt <r71@mx.test> count=71
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r72@mx.test>
E: rcpt <r72@mx.test> count=72
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r73@mx.test>
E: rcpt <r73@mx.test> count=73
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r74@mx.test>
E: rcpt <r74@mx.test> count=74
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r75@mx.test>
E: rcpt <r75@mx.test> count=75
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r76@mx.test>
E: rcpt <r76@mx.test> count=76
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r77@mx.test>
E: rcpt <r77@mx.test> count=77
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r78@mx.test>
E: rcpt <r78@mx.test> count=78
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r79@mx.test>
E: rcpt <r79@mx.test> count=79
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r80@mx.test>
E: rcpt <r80@mx.test> count=80
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r81@mx.test>
E: rcpt <r81@mx.test> count=81
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r82@mx.test>
E: rcpt <r82@mx.test> count=82
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r83@mx.test>
E: rcpt <r83@mx.test> count=83
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r84@mx.test>
E: rcpt <r84@mx.test> count=84
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r85@mx.test>
E: rcpt <r85@mx.test> count=85
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r86@mx.test>
E: rcpt <r86@mx.test> count=86
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r87@mx.test>
E: rcpt <r87@mx.test> count=87
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r88@mx.test>
E: rcpt <r88@mx.test> count=88
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r89@mx.test>
E: rcpt <r89@mx.test> count=89
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r90@mx.test>
E: rcpt <r90@mx.test> count=90
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r91@mx.test>
E: rcpt <r91@mx.test> count=91
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r92@mx.test>
E: rcpt <r92@mx.test> count=92
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r93@mx.test>
E: rcpt <r93@mx.test> count=93
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r94@mx.test>
E: rcpt <r94@mx.test> count=94
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r95@mx.test>
E: rcpt <r95@mx.test> count=95
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r96@mx.test>
E: rcpt <r96@mx.test> count=96
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r97@mx.test>
E: rcpt <r97@mx.test> count=97
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r98@mx.test>
E: rcpt <r98@mx.test> count=98
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r99@mx.test>
E: rcpt <r99@mx.test> count=99
S: 250 2.1.5 Recipient OK
C: RCPT TO:<r100@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r101@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r102@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r103@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r104@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r105@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r106@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r107@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r108@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r109@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r110@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r111@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r112@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r113@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r114@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r115@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r116@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r117@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r118@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r119@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r120@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r121@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r122@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r123@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r124@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r125@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r126@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r127@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r128@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r129@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r130@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r131@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r132@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r133@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r134@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r135@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r136@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r137@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r138@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r139@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r140@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r141@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r142@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r143@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r144@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r145@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r146@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r147@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r148@mx.test>
S: 452 4.5.3 Too many recipients
C: RCPT TO:<r149@mx.test>
S: 452 4.5.3 Too many recipients
C: DATA
E: data
S: 354 End data with <CR><LF>.<CR><LF>
C: hi
C: .
E: body hi\r\n
E: message
S: 250 2.0.0 Message accepted
C: QUIT
S: 221 2.0.0 mx.test closing connection
%status closed
