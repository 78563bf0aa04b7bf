#!/usr/bin/python3
# http_client.py -- requests to sendwatch's [http] from a chosen loopback
# source address, at a chosen pace, for the rate-bound tests
# (tests/integration/service_http_rate.sh).
#
#   http_client.py PORT SRC COUNT INTERVAL PATH [TOKEN]
#
# Sends COUNT GETs of PATH to 127.0.0.1:PORT from SRC (127.0.0.x: Linux
# answers for all of 127.0.0.0/8; SRC ::1 goes to [::1]:PORT), one every
# INTERVAL seconds (0: as fast
# as it can), on one keep-alive connection (a new one if the server
# closes it). Prints one line per request: the status and the
# Retry-After header ("-" when none); with -v also the body's first line.
import http.client
import sys
import time

verbose = sys.argv[1] == "-v"
args = sys.argv[2:] if verbose else sys.argv[1:]
port, src, count, interval, path = int(args[0]), args[1], int(args[2]), float(args[3]), args[4]
host = "::1" if ":" in src else "127.0.0.1"
headers = {"Authorization": "Bearer " + args[5]} if len(args) > 5 else {}

conn = None
start = time.monotonic()
for i in range(count):
    if interval > 0:
        delay = start + i * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    for attempt in (1, 2):
        if conn is None:
            conn = http.client.HTTPConnection(host, port, timeout=20,
                                              source_address=(src, 0))
        try:
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            body = resp.read().decode("utf-8", "replace")
            break
        except (http.client.HTTPException, ConnectionError):
            conn.close()
            conn = None
            if attempt == 2:
                raise
    line = "%d %s" % (resp.status, resp.getheader("Retry-After") or "-")
    if verbose:
        line += " " + (body.splitlines() or [""])[0]
    print(line, flush=True)
    if resp.getheader("Connection", "").lower() == "close":
        conn.close()
        conn = None
