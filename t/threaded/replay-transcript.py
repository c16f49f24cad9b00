#!/usr/bin/env python3
"""replay-transcript.py PORT FILE... - play core transcripts over TCP.

For each t/core/transcripts/*.t file (format: t/core/FORMAT.md), connect to
127.0.0.1:PORT, send the client's bytes (C:, R: and X: lines) in one go,
half-close, read until the server closes, and compare what came back with
the file's S: lines, byte for byte.  Only transcripts for the default set-up
make sense here (mx.test, all decisions accepted, no optional callbacks):
a file with %answer, %callbacks, %config, %peer, %tls or %timeout is
refused.  Prints "ok FILE" or "not ok FILE" with both texts; exits 1 when
any file failed.
"""
import re
import socket
import sys

REFUSED = ("%answer", "%callbacks", "%config", "%peer", "%tls", "%timeout")


def decode(text):
    """The escapes of FORMAT.md: \\r \\n \\t \\0 \\s \\\\ \\xHH."""
    simple = {"r": b"\r", "n": b"\n", "t": b"\t", "0": b"\0", "s": b" ",
              "\\": b"\\"}
    out, i = bytearray(), 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            e = text[i + 1]
            if e in simple:
                out += simple[e]
                i += 2
                continue
            if e == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", text[i + 2:i + 4]):
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
        out += c.encode("utf-8")
        i += 1
    return bytes(out)


def parse(path):
    sent, want = bytearray(), bytearray()
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith(REFUSED):
                raise ValueError("not a default set-up: " + line)
            if line.startswith("C: "):
                sent += decode(line[3:]) + b"\r\n"
            elif line.startswith("R: "):
                sent += decode(line[3:])
            elif line.startswith("X: "):
                count, _, text = line[3:].partition(" ")
                sent += decode(text) * int(count)
            elif line.startswith("S: "):
                want += decode(line[3:]) + b"\r\n"
    return bytes(sent), bytes(want)


def play(port, sent):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        s.sendall(sent)
        s.shutdown(socket.SHUT_WR)
        got = bytearray()
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return bytes(got)
            got += chunk
    finally:
        s.close()


def main():
    port, failed = int(sys.argv[1]), 0
    for path in sys.argv[2:]:
        sent, want = parse(path)
        try:
            got = play(port, sent)
        except OSError as e:
            got = ("<%s>" % e).encode()
        if got == want:
            print("ok", path)
        else:
            failed += 1
            print("not ok", path)
            print("  expected:", want)
            print("  got:     ", got)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
