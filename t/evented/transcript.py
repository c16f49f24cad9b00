#!/usr/bin/env python3
"""transcript.py PORT FILE... - replay core transcripts (t/core/FORMAT.md)
over a socket: all of a file's input (C:, R:, X: lines) in one write, then
the sending side shut down; the server's bytes must be exactly its S: lines.
Only files without set-up or host actions (%answer, %callbacks, %config,
%tls, %timeout) make sense against a real server; others are refused.
Prints "ok FILE" or "not ok FILE" with both sides; exit 1 on any failure."""
import os
import socket
import sys
import time

ESCAPES = {"r": b"\r", "n": b"\n", "t": b"\t", "0": b"\0", "s": b" ",
           "\\": b"\\"}


def decode(text):
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            e = text[i + 1]
            if e in ESCAPES:
                out += ESCAPES[e]
                i += 2
                continue
            if e == "x" and i + 3 < len(text) + 1:
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
        out += c.encode("utf-8")
        i += 1
    return bytes(out)


def parse(path):
    sent, expect = bytearray(), bytearray()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("%") and line.split()[0] in (
                    "%answer", "%callbacks", "%config", "%tls", "%timeout"):
                raise ValueError("uses " + line.split()[0])
            if line.startswith("C: "):
                sent += decode(line[3:]) + b"\r\n"
            elif line == "C:":
                sent += b"\r\n"
            elif line.startswith("R: "):
                sent += decode(line[3:])
            elif line.startswith("X: "):
                count, text = line[3:].split(" ", 1)
                sent += decode(text) * int(count)
            elif line.startswith("S: "):
                expect += decode(line[3:]) + b"\r\n"
    return bytes(sent), bytes(expect)


def exchange(port, data, limit=20.0):
    deadline = time.monotonic() + limit
    s = socket.create_connection(("127.0.0.1", port), timeout=limit)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    out = bytearray()
    while time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            out += b"<reset>"
            break
        if not chunk:
            break
        out += chunk
    s.close()
    return bytes(out)


def main():
    port = int(sys.argv[1])
    failed = 0
    for path in sys.argv[2:]:
        name = os.path.basename(path)
        sent, expect = parse(path)
        got = exchange(port, sent)
        if got == expect:
            print("ok " + name)
        else:
            failed += 1
            print("not ok " + name)
            print("  expected: " + repr(expect))
            print("  got:      " + repr(got))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
