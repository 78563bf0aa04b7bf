#!/usr/bin/env python3
"""notify_listener.py -- plays systemd's side of sd_notify for the tests.

Usage: notify_listener.py SOCKET OUTFILE

Binds an AF_UNIX datagram socket (a path, or "@name" for the abstract
namespace) and appends each datagram received to OUTFILE as one line,
its newlines shown as "|". Runs until killed.
"""
import socket
import sys


def main():
    where, out = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind("\0" + where[1:] if where.startswith("@") else where)
    while True:
        data = s.recv(4096).decode("utf-8", "replace")
        with open(out, "a", encoding="utf-8") as f:
            f.write(data.rstrip("\n").replace("\n", "|") + "\n")


if __name__ == "__main__":
    main()
