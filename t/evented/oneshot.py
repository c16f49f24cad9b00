#!/usr/bin/env python3
"""oneshot.py [-k] PORT [TIMEOUT] - send standard input to 127.0.0.1:PORT in
one write, then shut down the sending side (with -k: keep it open), and copy
everything the server says to standard output until it closes.

Exit 0 after the server's orderly close, 2 on timeout, 3 when the
connection was reset (whatever arrived is printed in every case)."""
import socket
import sys
import time


def main():
    args = sys.argv[1:]
    keep_open = args[:1] == ["-k"]
    if keep_open:
        args = args[1:]
    port = int(args[0])
    limit = float(args[1]) if len(args) > 1 else 10.0
    data = sys.stdin.buffer.read()
    deadline = time.monotonic() + limit
    s = socket.create_connection(("127.0.0.1", port), timeout=limit)
    status = 0
    try:
        s.sendall(data)
        if not keep_open:
            s.shutdown(socket.SHUT_WR)
    except OSError:     # reset, or "not connected" after a reset
        status = 3
    out = bytearray()
    while status == 0:
        left = deadline - time.monotonic()
        if left <= 0:
            status = 2
            break
        s.settimeout(left)
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            status = 2
            break
        except ConnectionResetError:
            status = 3
            break
        if not chunk:
            break
        out += chunk
    s.close()
    sys.stdout.buffer.write(bytes(out))
    return status


if __name__ == "__main__":
    sys.exit(main())
