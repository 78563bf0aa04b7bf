# tls_ca.sh -- the lab's certificate authority and the certificates of its
# TLS servers, made with openssl at every lab start (sourced by lab.sh).
#
# DIR/tls/ca.pem is the lab CA (LAB_CA in DIR/env): sendwatch trusts it
# through [general] ca_file. rogue-ca.pem is a second CA nobody trusts.
# Each certificate NAME is DIR/tls/NAME.pem (the leaf) and NAME.key (P-256).
# Another lab server (HTTPS) makes its own with
#     tls_cert NAME CA "SAN1 SAN2" NOT_BEFORE NOT_AFTER
# (CA is "ca" or "rogue-ca"; dates as openssl ca takes them, or the
# words "now-1d", "+1y": see tls_date). Zone descriptions may name
# {tlsa:NAME}: the hex SHA-256 of NAME.key's SubjectPublicKeyInfo, for
# "TLSA 3 1 1" records (tls_tlsa_fill replaces it in the generated zones).

# tls_date SPEC: openssl's GeneralizedTime for a date(1) offset ("-1 day")
# or a literal YYYYMMDDHHMMSSZ.
tls_date() {
	case $1 in
	*Z) echo "$1" ;;
	*) date -u -d "$1" +%Y%m%d%H%M%SZ ;;
	esac
}

# tls_ca_new NAME CN: a self-signed CA certificate and its database.
tls_ca_new() {
	_d=$lab_dir/tls
	mkdir -p "$_d/$1.db"
	: >"$_d/$1.db/index.txt"
	echo 01 >"$_d/$1.db/serial"
	cat >"$_d/$1.db/ca.cnf" <<CNF
[ca]
default_ca = lab
[lab]
database = $_d/$1.db/index.txt
new_certs_dir = $_d/$1.db
serial = $_d/$1.db/serial
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[any]
commonName = supplied
CNF
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$_d/$1.key" -out "$_d/$1.pem" -subj "/CN=$2" -days 3650 \
		-addext basicConstraints=critical,CA:true \
		-addext keyUsage=critical,keyCertSign,cRLSign \
		>>"$lab_dir/log/tls_ca.log" 2>&1 || die "tls_ca: could not make CA $1 (log/tls_ca.log)"
}

# tls_cert NAME CA "SAN ..." NOT_BEFORE NOT_AFTER: a server certificate
# whose CN is the first SAN. An existing NAME.key is kept (a renewal).
tls_cert() {
	_d=$lab_dir/tls _n=$1 _ca=$2 _cn=${3%% *}
	_san=$(printf 'DNS:%s,' $3)
	[ -f "$_d/$_n.key" ] ||
		openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
			-out "$_d/$_n.key" >>"$lab_dir/log/tls_ca.log" 2>&1 ||
		die "tls_ca: could not make key $_n"
	printf 'subjectAltName=%s\nbasicConstraints=CA:false\nextendedKeyUsage=serverAuth\n' \
		"${_san%,}" >"$_d/$_n.ext"
	openssl req -new -key "$_d/$_n.key" -subj "/CN=$_cn" -out "$_d/$_n.csr" \
		>>"$lab_dir/log/tls_ca.log" 2>&1 &&
	openssl ca -batch -config "$_d/$_ca.db/ca.cnf" -cert "$_d/$_ca.pem" \
		-keyfile "$_d/$_ca.key" -in "$_d/$_n.csr" -out "$_d/$_n.pem" -notext \
		-startdate "$(tls_date "$4")" -enddate "$(tls_date "$5")" \
		-extfile "$_d/$_n.ext" >>"$lab_dir/log/tls_ca.log" 2>&1 ||
		die "tls_ca: could not make certificate $_n (log/tls_ca.log)"
}

# tls_spki_sha256 NAME: the "3 1 1" TLSA data of NAME.key.
tls_spki_sha256() {
	openssl pkey -in "$lab_dir/tls/$1.key" -pubout -outform DER |
		openssl dgst -sha256 -r | cut -d' ' -f1
}

# The certificates of the SMTP servers (tests/lab/smtp.sh). "good" serves
# every MX name that should pass; "old" is a key that was rolled over
# (a stale TLSA record names it); "chain" is sent with the lab CA after
# it, for DANE-TA records; swap.pem is what the swap server
# presents, a copy of swap-year.pem until a test copies swap-soon.pem
# over it.
tls_ca_make() {
	mkdir -p "$lab_dir/tls"
	tls_ca_new ca "sendwatch lab CA"
	tls_ca_new rogue-ca "an untrusted CA"
	tls_cert good ca "mx.good.tls.lab.test mx.nodane.tls.lab.test mx1.dane.lab.test mx2.dane.lab.test mx3.dane.lab.test mx4.dane.lab.test mx.bogus.lab.test" "-1 day" "+1 year"
	tls_cert expired ca "mx.expired.tls.lab.test" 20200101000000Z 20200201000000Z
	tls_cert wrongname ca "mail.elsewhere.test" "-1 day" "+1 year"
	tls_cert tls10 ca "mx.tls10.tls.lab.test" "-1 day" "+1 year"
	tls_cert untrusted rogue-ca "mx.untrusted.tls.lab.test" "-1 day" "+1 year"
	tls_cert swap-year ca "mx.swap.tls.lab.test" "-1 day" "+1 year"
	tls_cert swap-soon ca "mx.swap.tls.lab.test" "-1 day" "+10 days"
	cp "$lab_dir/tls/swap-year.pem" "$lab_dir/tls/swap.pem"
	cp "$lab_dir/tls/swap-year.key" "$lab_dir/tls/swap.key"
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$lab_dir/tls/old.key" >>"$lab_dir/log/tls_ca.log" 2>&1 ||
		die "tls_ca: could not make key old"
	# DANE-TA (2 x x) names the CA: the server sends the CA after its own
	tls_cert chain ca "mx5.dane.lab.test mx6.dane.lab.test" "-1 day" "+1 year"
	cat "$lab_dir/tls/ca.pem" >>"$lab_dir/tls/chain.pem"
}

# tls_tlsa_fill: replaces {tlsa:NAME} in the generated nsd zones.
tls_tlsa_fill() {
	for _zf in "$lab_dir"/nsd/*.zone; do
		grep -q '{tlsa:' "$_zf" || continue
		for _k in $(grep -o '{tlsa:[a-z0-9-]*}' "$_zf" | sort -u); do
			_n=${_k#\{tlsa:}
			_n=${_n%\}}
			[ -f "$lab_dir/tls/$_n.key" ] || die "$_zf: $_k: no lab key $_n"
			sed -i "s/$_k/$(tls_spki_sha256 "$_n")/g" "$_zf"
		done
	done
}
