#!/usr/bin/env python3
"""tls-records.py - list the TLS records in a file of bytes a server sent.

Usage: tls-records.py [--only TYPE] FILE

Prints one line per record, "type=T version=0xVVVV length=L" (RFC 8446
5.1: a 5-octet header, then L octets).  Exit status 1 when the bytes are
not whole records (plaintext, a cut record), or, with --only, when a record
has another content type (21 is alert, 22 handshake, 23 application data);
0 otherwise, an empty file included.
"""

import sys


def main(argv):
    only = None
    if len(argv) == 3 and argv[0] == "--only":
        only, argv = int(argv[1]), argv[2:]
    if len(argv) != 1:
        sys.stderr.write("usage: tls-records.py [--only TYPE] FILE\n")
        return 2
    with open(argv[0], "rb") as f:
        data = f.read()
    ok = True
    i = 0
    while i < len(data):
        head = data[i:i + 5]
        if len(head) < 5 or head[0] not in (20, 21, 22, 23) or \
                head[1] != 3:
            print("not a TLS record at offset %d: %r" % (i, data[i:i + 40]))
            return 1
        length = int.from_bytes(head[3:5], "big")
        if i + 5 + length > len(data):
            print("record cut short at offset %d" % i)
            return 1
        print("type=%d version=0x%02x%02x length=%d" % (head[0], head[1],
                                                      head[2], length))
        if only is not None and head[0] != only:
            ok = False
        i += 5 + length
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
