#!/usr/bin/env python3
"""make-message.py - a test message in two forms.

Usage: make-message.py SIZE DIR NAME...

For each NAME, writes DIR/NAME.wire, the message as an SMTP client sends it after 354 (CRLF
line ends, lines starting with "." dot-stuffed, ending in CRLF, without the
final "." line), and what smtp-maildir must store after its
own header lines (LF line ends, dots unstuffed), into DIR/NAME.expect.  The message starts with
"Message-ID: <NAME@faults.test>", has lines starting with ".", 8-bit
octets (UTF-8 and not), filler up to about SIZE octets, and ends with the
line "-- end of NAME --", so that a truncated copy is easy to tell.
"""

import os
import random
import sys


def write(name, size, prefix):
    rng = random.Random(name)
    lines = [b"Message-ID: <%s@faults.test>" % name.encode(),
             b"Subject: %s" % name.encode(),
             b"Content-Type: text/plain; charset=utf-8",
             b"Content-Transfer-Encoding: 8bit",
             b"",
             b".a line that starts with a dot", b"..two", b".",
             "Gr\u00fc\u00dfe \u2713".encode("utf-8"),
             b"latin-1 \xe9\xff\x80"]
    total = sum(len(l) + 2 for l in lines)
    table = bytes(b"abcdefghijklmnopqrstuvwxyz0123456789 .-"[i % 39]
                  for i in range(256))
    while total < size:
        line = rng.randbytes(rng.choice([0, 1, 60, 76, 500])).translate(table)
        lines.append(line)
        total += len(line) + 2
    lines.append(b"-- end of %s --" % name.encode())
    with open(prefix + ".wire", "wb") as f:
        f.write(b"".join((b"." + l if l.startswith(b".") else l) + b"\r\n"
                         for l in lines))
    with open(prefix + ".expect", "wb") as f:
        f.write(b"".join(l + b"\n" for l in lines))


def main():
    if len(sys.argv) < 4:
        sys.stderr.write("usage: make-message.py SIZE DIR NAME...\n")
        return 2
    size, directory = int(sys.argv[1]), sys.argv[2]
    for name in sys.argv[3:]:
        write(name, size, os.path.join(directory, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
