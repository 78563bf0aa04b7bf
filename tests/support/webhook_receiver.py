#!/usr/bin/env python3
"""webhook_receiver.py -- a small HTTP server for the service tests.

Usage: webhook_receiver.py PORT OUTFILE [--status CODE]

Listens on 127.0.0.1:PORT. Every POST body is appended to OUTFILE as one
line of JSON: {"path": ..., "headers": {...}, "body": <the body parsed as
JSON, or the text>}. Answers CODE (default 200; e.g. 503 to play a
receiver that is up but failing). Loopback only; runs until killed.
"""
import http.server
import json
import sys


def main():
    port = int(sys.argv[1])
    out = sys.argv[2]
    status = 200
    if len(sys.argv) > 4 and sys.argv[3] == "--status":
        status = int(sys.argv[4])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(n).decode("utf-8", "replace")
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw
            if status == 200:
                with open(out, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"path": self.path,
                                        "headers": dict(self.headers),
                                        "body": body}) + "\n")
            self.send_response(status)
            if status != 200:
                self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, fmt, *args):
            sys.stderr.write("webhook_receiver: " + (fmt % args) + "\n")

    srv = http.server.HTTPServer(("127.0.0.1", port), Handler)
    srv.serve_forever()


if __name__ == "__main__":
    main()
