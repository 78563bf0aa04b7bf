#!/usr/bin/env python3
"""https_server.py -- the lab's HTTPS server (started by tests/lab/https.sh).

Serves the MTA-STS policy hosts and BIMI logos of the lab domains from a
document root, one directory per host name:

    DOCROOT/<host>/<path>             answered 200 with the file
    DOCROOT/<host>/<path>.location    answered 301 to the URL in the file
    DOCROOT/<host>/<path>.status      answered with that status code
    anything else                     404

The Host header picks the directory (the port is ignored), so every
policy host can share one certificate and one address. Content types:
.txt text/plain, .svg image/svg+xml, .pem application/pem-certificate-chain.

Usage: https_server.py TLS_DIR DOCROOT PORT ADDR=CERT...
Listens on PORT of each ADDR (an IPv4 or IPv6 loopback address) with the
certificate TLS_DIR/CERT.pem and key TLS_DIR/CERT.key. Logs requests to
stderr. Stops on SIGTERM.
"""
import http.server
import os
import signal
import socket
import ssl
import sys
import threading

TYPES = {".txt": "text/plain", ".svg": "image/svg+xml",
         ".pem": "application/pem-certificate-chain"}


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "sendwatch-lab"

    def answer(self, code, body=b"", ctype="text/plain", location=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = self.path.split("?")[0]
        if not host or "/" in host or host.startswith(".") or ".." in path:
            self.answer(400, b"bad request\n")
            return
        f = os.path.join(self.server.docroot, host, path.lstrip("/"))
        if os.path.isfile(f + ".location"):
            with open(f + ".location") as fp:
                self.answer(301, b"moved\n", location=fp.read().strip())
        elif os.path.isfile(f + ".status"):
            with open(f + ".status") as fp:
                self.answer(int(fp.read().strip()), b"error\n")
        elif os.path.isfile(f):
            with open(f, "rb") as fp:
                body = fp.read()
            self.answer(200, body, TYPES.get(os.path.splitext(f)[1],
                                             "application/octet-stream"))
        else:
            self.answer(404, b"not found\n")

    do_HEAD = do_GET

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.headers.get("Host") if
                                      hasattr(self, "headers") and self.headers
                                      else "-", fmt % args))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr, port, ctx, docroot):
        self.address_family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        self.docroot = docroot
        super().__init__((addr, port), Handler)
        # the handshake runs in the connection's thread, on first read,
        # so a client that never completes one holds up no one else
        self.socket = ctx.wrap_socket(self.socket, server_side=True,
                                      do_handshake_on_connect=False)


def main():
    if len(sys.argv) < 5:
        sys.exit("usage: https_server.py TLS_DIR DOCROOT PORT ADDR=CERT...")
    tls_dir, docroot, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    servers = []
    for spec in sys.argv[4:]:
        addr, cert = spec.rsplit("=", 1)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(tls_dir, cert + ".pem"),
                            os.path.join(tls_dir, cert + ".key"))
        servers.append(Server(addr, port, ctx, docroot))
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.pause()


if __name__ == "__main__":
    main()
