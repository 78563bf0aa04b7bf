# https.sh -- the lab's HTTPS server (sourced by lab.sh): the MTA-STS
# policy hosts (mta-sts.<domain>) and BIMI logos and certificates of the
# policy.test zone. One python3 process (https_server.py) listens on port
# LAB_PORT_BASE+12 of loopback addresses 127.44.3.x; the zone's A records
# point the names there. Real HTTPS is on port 443, which needs root and
# collides between labs: sendwatch connects to the port in the
# environment variable SENDWATCH_TEST_HTTPS_PORT instead, and only when
# every address of the host is a loopback address (probes/tls/https_fetch.h).
#
# The certificates come from the lab CA of tls_ca.sh (LAB_CA in DIR/env;
# tests give it to sendwatch with [general] ca_file, the same file that
# the SMTP servers' certificates need), made in DIR/tls/ at every start:
# https.pem names every host under tests/lab/https/, https-rogue.pem is
# signed by tls_ca.sh's untrusted CA. The document root is
# tests/lab/https/, copied to DIR/https/ at start (tests may change the
# copy): DIR/https/<host>/<path>; see https_server.py for .location (301)
# and .status files.
#
#   address       certificate                       what it tests
#   127.44.3.1    https: the lab CA, every host     policies and logos
#                 under tests/lab/https/
#   127.44.3.2    https-rogue: the untrusted CA     certificate not valid
#   127.44.3.9    nothing listens                   connection refused
# A host name pointing at 127.44.3.1 but not under tests/lab/https/ is not
# in the certificate (a wrong-name case).

HTTPS_SPECS="127.44.3.1=https 127.44.3.2=https-rogue"

# https_certs: the document root and the servers' certificates (after
# tls_ca_make: the lab CA and the untrusted one exist).
https_certs() {
	rm -rf "$lab_dir/https"
	cp -R "$here/https" "$lab_dir/https"
	tls_cert https ca "$(cd "$lab_dir/https" && echo *)" "-1 day" "+1 year"
	tls_cert https-rogue rogue-ca "mta-sts.rogue.policy.test" "-1 day" "+1 year"
	# the BIMI mark certificate of good.policy.test (a= in the zone)
	tls_cert vmc-good ca "good.policy.test" "-1 day" "+1 year"
	cp "$lab_dir/tls/vmc-good.pem" "$lab_dir/https/bimi.policy.test/good.pem"
}

# https_start: starts the server and waits (bounded) until each address listens.
https_start() {
	https_certs
	# shellcheck disable=SC2086
	spawn https python3 "$here/https_server.py" "$lab_dir/tls" "$lab_dir/https" "$P_HTTPS" $HTTPS_SPECS
	for _spec in $HTTPS_SPECS; do
		_addr=${_spec%%=*}
		_n=0
		until ss -Hlnt "src $_addr:$P_HTTPS" | grep -q .; do
			kill -0 "$(pid_of https)" 2>/dev/null ||
				die "the HTTPS server exited during start-up: $(tail -n 5 "$lab_dir/log/https.log")"
			[ $_n -lt $WAIT_TENTHS ] || die "HTTPS server $_addr:$P_HTTPS did not listen within $((WAIT_TENTHS / 10)) s"
			sleep 0.1
			_n=$((_n + 1))
		done
	done
}

https_env() {
	echo "LAB_HTTPS_PORT=$P_HTTPS"
	echo "LAB_HTTPS_DIR='$lab_dir/https'"
	echo "export LAB_HTTPS_PORT LAB_HTTPS_DIR"
}
