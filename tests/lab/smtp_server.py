#!/usr/bin/env python3
"""smtp_server.py -- the lab's SMTP servers (started by tests/lab/smtp.sh).

One process listens on several addresses of one port; each listener is
    ADDR=MODE:CERT:BANNER
MODE is "starttls" (offers STARTTLS, TLS 1.2 and up), "tls10" (offers
STARTTLS, speaks TLS 1.0 only) or "plain" (no STARTTLS). CERT names
TLSDIR/CERT.pem and CERT.key, read again for every handshake, so a test
can swap a certificate without restarting the server. BANNER is the host
name in the 220 greeting and the EHLO reply.

It speaks just enough SMTP for a STARTTLS check: the greeting, EHLO/HELO,
STARTTLS, NOOP, RSET, QUIT; everything else gets 502. It never accepts
mail. Each connection is served in a thread and closed after 10 s idle.
"""
import os
import socket
import socketserver
import ssl
import sys

IDLE_SECONDS = 10


def tls_context(mode, tlsdir, cert):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if mode == "tls10":
        # OpenSSL 3 refuses TLS 1.0 at its default security level
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1
    else:
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(os.path.join(tlsdir, cert + ".pem"),
                        os.path.join(tlsdir, cert + ".key"))
    return ctx


class Session(socketserver.StreamRequestHandler):
    timeout = IDLE_SECONDS

    def reply(self, text):
        self.wfile.write(text.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self):
        mode, cert, banner = self.server.spec
        tls = False
        self.reply(f"220 {banner} ESMTP sendwatch lab")
        while True:
            try:
                line = self.rfile.readline(1000)
            except (OSError, ssl.SSLError):
                return
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().split(" ")[0].upper()
            if verb == "EHLO":
                offer = mode != "plain" and not tls
                self.reply(f"250-{banner} hello")
                self.reply("250-PIPELINING")
                if offer:
                    self.reply("250-STARTTLS")
                self.reply("250 8BITMIME")
            elif verb == "HELO":
                self.reply(f"250 {banner}")
            elif verb == "STARTTLS" and mode != "plain" and not tls:
                try:
                    ctx = tls_context(mode, self.server.tlsdir, cert)
                except (OSError, ssl.SSLError) as e:
                    self.reply(f"454 4.7.0 TLS not available: {e}")
                    continue
                self.reply("220 2.0.0 Ready to start TLS")
                try:
                    conn = ctx.wrap_socket(self.connection, server_side=True)
                except (OSError, ssl.SSLError):
                    return
                conn.settimeout(IDLE_SECONDS)
                self.connection = conn
                self.rfile = conn.makefile("rb")
                self.wfile = conn.makefile("wb")
                tls = True
            elif verb in ("NOOP", "RSET"):
                self.reply("250 2.0.0 OK")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 not in the lab")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(argv):
    if len(argv) < 4:
        sys.exit("usage: smtp_server.py TLSDIR PORT ADDR=MODE:CERT:BANNER ...")
    tlsdir, port = argv[1], int(argv[2])
    servers = []
    for spec in argv[3:]:
        addr, rest = spec.split("=", 1)
        mode, cert, banner = rest.split(":")
        if mode not in ("starttls", "tls10", "plain"):
            sys.exit(f"{spec}: mode {mode}: expected starttls, tls10 or plain")
        cls = Server
        if ":" in addr:
            cls = type("Server6", (Server,), {"address_family": socket.AF_INET6})
        srv = cls((addr, port), Session)
        srv.spec = (mode, cert, banner)
        srv.tlsdir = tlsdir
        servers.append(srv)
    import threading
    for srv in servers[1:]:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    print(f"listening on port {port}: " + " ".join(argv[3:]), flush=True)
    servers[0].serve_forever()


if __name__ == "__main__":
    main(sys.argv)
