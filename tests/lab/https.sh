# https.sh -- the lab's HTTPS server (sourced by lab.sh): the MTA-STS
# policy hosts (mta-sts.<domain>) and BIMI logos and certificates of the
# policy.test zone. One python3 process (https_server.py) listens on port
# LAB_PORT_BASE+12 of loopback addresses 127.44.3.x; the zone's A records
# point the names there. Real HTTPS is on port 443, which needs root and
# collides between labs: sendwatch connects to the port in the
# environment variable SENDWATCH_TEST_HTTPS_PORT instead, and only when
# every address of the host is a loopback address (probes/tls/https_fetch.h).
#
# The certificates come from a CA of its own, made in DIR/https-tls/ at
# every start (LAB_HTTPS_CA in DIR/env; tests give it to sendwatch with
# [general] ca_file). The document root is tests/lab/https/, copied to
# DIR/https/ at start (tests may change the copy): DIR/https/<host>/<path>;
# see https_server.py for .location (301) and .status files.
#
#   address       certificate                       what it tests
#   127.44.3.1    https: the lab HTTPS CA, every    policies and logos
#                 host under tests/lab/https/
#   127.44.3.2    https-rogue: an untrusted CA      certificate not valid
#   127.44.3.9    nothing listens                   connection refused
# A host name pointing at 127.44.3.1 but not under tests/lab/https/ is not
# in the certificate (a wrong-name case).

HTTPS_SPECS="127.44.3.1=https 127.44.3.2=https-rogue"

# https_ca NAME CN: a self-signed CA in DIR/https-tls/NAME.pem (.key).
https_ca() {
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$_t/$1.key" -out "$_t/$1.pem" -subj "/CN=$2" -days 3650 \
		-addext basicConstraints=critical,CA:true \
		-addext keyUsage=critical,keyCertSign,cRLSign \
		>>"$lab_dir/log/https-ca.log" 2>&1 || die "https: could not make CA $1 (log/https-ca.log)"
}

# https_leaf NAME CA DAYS SAN...: a server certificate NAME.pem/.key
# signed by CA, valid from now for DAYS days, CN the first SAN.
https_leaf() {
	_n=$1 _ca=$2 _days=$3
	shift 3
	_san=$(printf 'DNS:%s,' "$@")
	printf 'subjectAltName=%s\nbasicConstraints=CA:false\nextendedKeyUsage=serverAuth\n' \
		"${_san%,}" >"$_t/$_n.ext"
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$_t/$_n.key" -subj "/CN=$1" -out "$_t/$_n.csr" \
		>>"$lab_dir/log/https-ca.log" 2>&1 &&
	openssl x509 -req -in "$_t/$_n.csr" -CA "$_t/$_ca.pem" -CAkey "$_t/$_ca.key" \
		-CAcreateserial -days "$_days" -extfile "$_t/$_n.ext" -out "$_t/$_n.pem" \
		>>"$lab_dir/log/https-ca.log" 2>&1 || die "https: could not make certificate $_n (log/https-ca.log)"
}

# https_certs: the document root and the servers' certificates: the lab
# HTTPS CA (LAB_HTTPS_CA; tests give it to sendwatch through
# [general] ca_file) and one nobody trusts.
https_certs() {
	_t=$lab_dir/https-tls
	mkdir -p "$_t"
	rm -rf "$lab_dir/https"
	cp -R "$here/https" "$lab_dir/https"
	https_ca ca "sendwatch lab HTTPS CA"
	https_ca rogue-ca "an untrusted CA"
	# shellcheck disable=SC2046
	https_leaf https ca 365 $(cd "$lab_dir/https" && ls)
	https_leaf https-rogue rogue-ca 365 mta-sts.rogue.policy.test
	# the BIMI mark certificate of good.policy.test (a= in the zone)
	https_leaf vmc-good ca 365 good.policy.test
	cp "$_t/vmc-good.pem" "$lab_dir/https/bimi.policy.test/good.pem"
}

# https_start: starts the server and waits (bounded) until each address listens.
https_start() {
	https_certs
	# shellcheck disable=SC2086
	spawn https python3 "$here/https_server.py" "$lab_dir/https-tls" "$lab_dir/https" "$P_HTTPS" $HTTPS_SPECS
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
	echo "LAB_HTTPS_CA='$lab_dir/https-tls/ca.pem'"
	echo "export LAB_HTTPS_PORT LAB_HTTPS_DIR LAB_HTTPS_CA"
}
