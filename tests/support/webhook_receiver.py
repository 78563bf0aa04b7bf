#!/usr/bin/env python3
"""webhook_receiver.py -- a small HTTP server for the service tests.

Usage: webhook_receiver.py PORT OUTFILE [--status CODE] [--tls CERT KEY]
                           [--delay SECONDS] [--port-file FILE]
                           [--retry-after SECONDS]

Listens on 127.0.0.1:PORT; PORT 0 lets the kernel choose a free port, which
is written to FILE (--port-file, written once listening, by rename) so that
tests running at the same time never race for one. Every POST body is appended to OUTFILE as one
line of JSON: {"path": ..., "headers": {...}, "body": <the body parsed as
JSON, or the text>}. Answers CODE (default 200; e.g. 503 to play a
receiver that is up but failing: 503 and 429 carry Retry-After: 1, or
--retry-after's value). Each request is logged on stderr with its time
(unix seconds) and status.
--tls serves HTTPS with that certificate. --delay plays a slow receiver:
each POST is answered (and recorded) that many seconds after it arrived,
one request at a time. Loopback only; runs until killed.
"""
import http.server
import json
import os
import ssl
import sys
import time


def main():
    port = int(sys.argv[1])
    out = sys.argv[2]
    status = 200
    tls = None
    delay = 0.0
    port_file = None
    retry_after = "1"
    args = sys.argv[3:]
    while args:
        if args[0] == "--status":
            status = int(args[1])
            args = args[2:]
        elif args[0] == "--delay":
            delay = float(args[1])
            args = args[2:]
        elif args[0] == "--retry-after":
            retry_after = args[1]
            args = args[2:]
        elif args[0] == "--port-file":
            port_file = args[1]
            args = args[2:]
        elif args[0] == "--tls":
            tls = (args[1], args[2])
            args = args[3:]
        else:
            sys.exit("webhook_receiver: unknown option " + args[0])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(n).decode("utf-8", "replace")
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw
            if delay > 0:
                time.sleep(delay)
            if status == 200:
                with open(out, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"path": self.path,
                                        "headers": dict(self.headers),
                                        "body": body}) + "\n")
            self.send_response(status)
            if status in (429, 503):
                self.send_header("Retry-After", retry_after)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, fmt, *args):
            sys.stderr.write("webhook_receiver: %.3f %s\n" % (time.time(), fmt % args))
            sys.stderr.flush()

    srv = http.server.HTTPServer(("127.0.0.1", port), Handler)
    if tls is not None:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tls[0], tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    if port_file is not None:
        with open(port_file + ".new", "w", encoding="ascii") as f:
            f.write("%d\n" % srv.server_address[1])
        os.rename(port_file + ".new", port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
