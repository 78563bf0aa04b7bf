#!/bin/sh
# lab.sh -- starts and stops the loopback DNS lab (see tests/lab/README.md).
#
#   lab.sh start DIR [--bench[=N]]   generate zones into DIR, start the
#                                    servers, wait until each answers,
#                                    write DIR/env
#   lab.sh stop DIR                  kill exactly the PIDs in DIR/pids,
#                                    delete the namespace in DIR/netns
#
# Ports are LAB_PORT_BASE (default 53530) + 0..3: front resolver, rbldnsd,
# nsd, dead server; + 4..19 are for the lab's other servers (+5: SMTP, smtp.sh;
# + 8, 9: IMAPS and IMAP, Dovecot, imap.sh; +12: HTTPS, https.sh). LAB_PORT_BASE=auto
# takes the first free and unclaimed block of 20 from 53530 on. LAB_NO_NETNS=1 skips the namespace (as if refused). Everything listens on 127.0.0.1 (and, in recursive
# mode, on 127.53.0.x:53 inside a network namespace of our own).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=conf.sh
. "$here/conf.sh"
# shellcheck source=tls_ca.sh
. "$here/tls_ca.sh"
# shellcheck source=smtp.sh
. "$here/smtp.sh"
# shellcheck source=https.sh
. "$here/https.sh"

# Addresses inside the network namespace (port 53: unbound recursion only
# queries port 53). gen_zones.py names the same addresses in the root zone.
NS_ROOT=127.53.0.1
NS_NSD=127.53.0.2
NS_RBLDNSD=127.53.0.3
NS_DEAD=127.53.0.4
NS_RESOLVER=127.53.0.53
WAIT_TENTHS=100		# each server must answer within 10 s

die() { echo "lab.sh: $*" >&2; exit 1; }

# free_base: the first block of 20 ports from 53530 on on which nothing
# listens and that no other lab has claimed, for LAB_PORT_BASE=auto. Labs
# starting at the same moment would otherwise both see a block free: a
# block is claimed by mkdir (atomic) of $claims/BASE holding the lab's
# directory; a claim is stale once that lab runs no process and the claim
# is older than two minutes (a lab still starting has none yet).
claims=${TMPDIR:-/tmp}/sendwatch-lab-ports
claim_live() {
	_dir=$(cat "$1/dir" 2>/dev/null) || return 1
	[ -n "$(find "$1" -maxdepth 0 -mmin -2 2>/dev/null)" ] && return 0
	[ -f "$_dir/pids" ] || return 1
	while read -r _n _p; do
		kill -0 "$_p" 2>/dev/null && return 0
	done <"$_dir/pids"
	return 1
}
claim_block() {
	mkdir -p "$claims"
	if ! mkdir "$claims/$1" 2>/dev/null; then
		claim_live "$claims/$1" && return 1
		rm -rf "$claims/$1"
		mkdir "$claims/$1" 2>/dev/null || return 1
	fi
	echo "$lab_abs" >"$claims/$1/dir"
}
free_base() {
	_b=53530
	while [ $_b -le 54980 ]; do
		if ! ss -Hlnu "( sport >= :$_b and sport <= :$((_b + 19)) )" | grep -q . &&
		   ! ss -Hlnt "( sport >= :$_b and sport <= :$((_b + 19)) )" | grep -q . &&
		   claim_block "$_b"; then
			echo "$_b"
			return 0
		fi
		_b=$((_b + 20))
	done
	die "LAB_PORT_BASE=auto: no free block of 20 ports in 53530-54999"
}
# claim_release: drops this lab's claim, if it has one.
claim_release() {
	for _c in "$claims"/*/dir; do
		[ -f "$_c" ] && [ "$(cat "$_c")" = "$lab_abs" ] && rm -rf "$(dirname "$_c")"
	done
	return 0
}

lab_ports() {
	base=${LAB_PORT_BASE:-53530}
	[ "$base" = auto ] && base=$(free_base)
	case $base in
	'' | *[!0-9]*) die "LAB_PORT_BASE='$base': expected a port number 1024-65500" ;;
	esac
	[ "$base" -ge 1024 ] && [ "$base" -le 65500 ] ||
		die "LAB_PORT_BASE=$base: expected a port number 1024-65500"
	P_RESOLVER=$base
	P_RBLDNSD=$((base + 1))
	P_NSD=$((base + 2))
	P_DEAD=$((base + 3))
	P_IMAPS=$((base + 8))	# tests/lab/imap.sh (Dovecot)
	P_IMAP=$((base + 9))
	P_SMTP=$((base + 5))
	P_HTTPS=$((base + 12))	# tests/lab/https.sh
}

# port_check PORT WHAT: fails when anything already listens on PORT.
port_check() {
	if ss -Hlnu "sport = :$1" 2>/dev/null | grep -q . ||
	   ss -Hlnt "sport = :$1" 2>/dev/null | grep -q .; then
		die "port $1 ($2) is already in use on this machine:
$(ss -Hlnup "sport = :$1" 2>/dev/null)
another lab may be running: stop it (lab.sh stop DIR) or set LAB_PORT_BASE (e.g. LAB_PORT_BASE=53550)"
	fi
}

# spawn NAME CMD...: starts CMD in the background, output in DIR/NAME.log,
# and records "NAME PID" in DIR/pids.
spawn() {
	_name=$1; shift
	"$@" >"$lab_dir/log/$_name.log" 2>&1 </dev/null &
	echo "$_name $!" >>"$lab_dir/pids"
}

pid_of() { awk -v n="$1" '$1 == n { print $2 }' "$lab_dir/pids"; }

# wait_dns NAME ADDR PORT QNAME [NETNS]: waits (bounded) until the server
# answers QNAME SOA with any DNS response; fails when it died or never did.
wait_dns() {
	_n=0
	while [ $_n -lt $WAIT_TENTHS ]; do
		_pid=$(pid_of "$1")
		if ! kill -0 "$_pid" 2>/dev/null; then
			die "$1 exited during start-up; its log ($lab_dir/log/$1.log):
$(tail -n 20 "$lab_dir/log/$1.log")"
		fi
		if ${5:+ip netns exec "$5"} dig +time=1 +tries=1 -p "$3" "@$2" "$4" SOA 2>/dev/null |
		   grep -q 'status: '; then
			return 0
		fi
		sleep 0.1
		_n=$((_n + 1))
	done
	die "$1 did not answer on $2 port $3 within $((WAIT_TENTHS / 10)) s; log: $lab_dir/log/$1.log"
}

# wait_udp NAME ADDR PORT [NETNS]: waits (bounded) until a UDP socket is
# bound on ADDR:PORT (the dead server never answers, so we cannot ask it).
wait_udp() {
	_n=0
	while [ $_n -lt $WAIT_TENTHS ]; do
		kill -0 "$(pid_of "$1")" 2>/dev/null ||
			die "$1 exited during start-up: $(cat "$lab_dir/log/$1.log")"
		${4:+ip netns exec "$4"} ss -Hlnu "src $2:$3" | grep -q . && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	die "$1 did not bind $2:$3 within $((WAIT_TENTHS / 10)) s"
}

# A UDP socket that receives and never answers.
DEAD_PY='import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
while True:
    time.sleep(3600)'

# rbldnsd_start NAME ADDR/PORT [NETNS]: rbldnsd chrooted in DIR/rbldnsd
# (it drops root and reads its data there), all rbldnsd zones.
rbldnsd_start() {
	# shellcheck disable=SC2046
	spawn "$1" ${3:+ip netns exec "$3"} rbldnsd -n -r "$lab_dir/rbldnsd" -w / \
		-b "$2" -t 60 -c 0 $(cat "$lab_dir/rbldnsd.args")
}

# rbldnsd logs a bad data line and goes on serving without it: refuse that.
rbldnsd_check_log() {
	if grep -Eiq 'invalid|error|unable|not all datasets' "$lab_dir/log/$1.log"; then
		die "rbldnsd rejected lab data ($lab_dir/log/$1.log):
$(grep -Ei 'invalid|error|unable|not all datasets' "$lab_dir/log/$1.log")"
	fi
}

# lab_check_zones: nsd-checkzone on every generated nsd zone; its errors
# are reported against the description line (tests/lab/zones/FILE:LINE)
# that each generated record names in its trailing comment.
lab_check_zones() {
	_bad=0
	for _z in $(awk '$2 == "nsd" { print $1 }' "$lab_dir/zones.list"); do
		_zf=$lab_dir/nsd/$_z.zone
		_out=$(nsd-checkzone "$_z" "$_zf" 2>&1) && continue
		_bad=1
		printf '%s\n' "$_out" | sed -n 's/.*error: [^:]*:\([0-9]*\): \(.*\)/\1 \2/p' |
		while read -r _n _msg; do
			_src=$(sed -n "${_n}s/.* ; \(zones\/[^ ]*\)\$/\1/p" "$_zf")
			echo "lab.sh: ${_src:+$here/$_src: }$_msg (zone $_z, generated $_zf:$_n)" >&2
		done
	done
	[ $_bad -eq 0 ] || die "bad zone data (above)"
}

# lab_sign_break FILE: corrupts the signatures of the TLSA records in a
# signed zone file (their first bytes zeroed): those answers are bogus.
lab_sign_break() {
	awk '$4 == "RRSIG" && $5 == "TLSA" { $NF = "AAAA" substr($NF, 5) } { print }' \
		"$1" >"$1.broken" && mv "$1.broken" "$1"
}

# The DNSSEC-signed zones: every nsd zone whose description starts with a
# "# dnssec: sign" line is signed with a fresh key; "# dnssec: expired"
# signs with signatures that expired long ago (validation: bogus);
# "# dnssec: broken" signs and then corrupts the TLSA signatures. The
# keys' DS records are the lab's trust anchors.
lab_sign() {
	: >"$lab_dir/trust-anchors"
	for _z in $(awk '$2 == "nsd" { print $1 }' "$lab_dir/zones.list"); do
		_mode=$(sed -n 's/^# dnssec: *\([a-z]*\).*/\1/p' "$here/zones/$_z.zone" | head -n 1)
		[ -n "$_mode" ] || continue
		(
			cd "$lab_dir/keys"
			_k=$(ldns-keygen -a ECDSAP256SHA256 -k "$_z")
			case $_mode in
			sign|broken) _times="" ;;
			expired) _times="-i 20200101000000 -e 20200201000000" ;;
			*) echo "lab.sh: $here/zones/$_z.zone: dnssec: '$_mode', expected sign, expired or broken" >&2
			   exit 1 ;;
			esac
			# shellcheck disable=SC2086
			ldns-signzone $_times -f "$lab_dir/nsd/$_z.zone.signed" \
				"$lab_dir/nsd/$_z.zone" "$_k" >/dev/null
			[ "$_mode" != broken ] || lab_sign_break "$lab_dir/nsd/$_z.zone.signed"
			mv "$lab_dir/nsd/$_z.zone.signed" "$lab_dir/nsd/$_z.zone"
			cat "$_k.ds" >>"$lab_dir/trust-anchors"
		) || die "could not sign zone $_z"
	done
}

# netns_start: the recursive-mode lab, or "" when namespaces are refused.
netns_start() {
	_ns=sw-lab-$$
	if [ -n "${LAB_NO_NETNS:-}" ]; then
		echo "LAB_NO_NETNS is set: no namespace" >"$lab_dir/log/netns.log"
		return 1
	fi
	if ! ip netns add "$_ns" 2>"$lab_dir/log/netns.log"; then
		return 1
	fi
	echo "$_ns" >"$lab_dir/netns"
	ip netns exec "$_ns" ip link set lo up || return 1
	conf_root_hints "$lab_dir/root.hints"
	conf_nsd "$lab_dir/ns-root.conf" "$lab_dir/run/ns-root" "$NS_ROOT@53" root
	conf_nsd "$lab_dir/ns-nsd.conf" "$lab_dir/run/ns-nsd" "$NS_NSD@53" lab
	conf_unbound_netns "$lab_dir/ns-unbound.conf"
	spawn ns-root ip netns exec "$_ns" nsd -d -c "$lab_dir/ns-root.conf"
	spawn ns-nsd ip netns exec "$_ns" nsd -d -c "$lab_dir/ns-nsd.conf"
	rbldnsd_start ns-rbldnsd "$NS_RBLDNSD/53" "$_ns"
	spawn ns-dead ip netns exec "$_ns" python3 -c "$DEAD_PY" "$NS_DEAD" 53
	spawn ns-unbound ip netns exec "$_ns" unbound -d -c "$lab_dir/ns-unbound.conf"
	wait_dns ns-root "$NS_ROOT" 53 . "$_ns"
	wait_dns ns-nsd "$NS_NSD" 53 lab.test "$_ns"
	wait_dns ns-rbldnsd "$NS_RBLDNSD" 53 bl.lab.test "$_ns"
	wait_udp ns-dead "$NS_DEAD" 53 "$_ns"
	wait_dns ns-unbound "$NS_RESOLVER" 53 lab.test "$_ns"
	rbldnsd_check_log ns-rbldnsd
	LAB_NETNS=$_ns
}

lab_start() {
	if [ -f "$lab_dir/pids" ]; then
		while read -r _name _pid; do
			kill -0 "$_pid" 2>/dev/null &&
				die "a lab already runs in $lab_dir ($_name, PID $_pid): lab.sh stop $lab_dir first"
		done <"$lab_dir/pids"
	fi
	rm -f "$lab_dir/env"	# never leave a stale env behind a failed start
	lab_ports
	port_check "$P_RESOLVER" "front resolver"
	port_check "$P_RBLDNSD" rbldnsd
	port_check "$P_NSD" nsd
	port_check "$P_DEAD" "dead server"
	port_check "$P_SMTP" "SMTP servers"
	port_check "$P_IMAPS" "IMAPS (dovecot)"
	port_check "$P_IMAP" "IMAP (dovecot)"
	port_check "$P_HTTPS" "HTTPS server"
	for _tool in rbldnsd nsd unbound dig python3 ldns-signzone ldns-keygen ip ss openssl; do
		command -v "$_tool" >/dev/null 2>&1 ||
			die "$_tool is not installed (make deps installs scripts/packages.txt)"
	done
	if [ -d "$lab_dir" ] && [ -n "$(ls -A "$lab_dir")" ] && [ ! -f "$lab_dir/zones.list" ]; then
		die "$lab_dir exists and is not a lab directory: refusing to empty it"
	fi
	rm -rf "$lab_dir"
	mkdir -p "$lab_dir/log" "$lab_dir/keys" "$lab_dir/run/nsd"
	lab_dir=$(cd "$lab_dir" && pwd)
	: >"$lab_dir/pids"
	# On any failure from here on, stop what was started.
	trap 'lab_stop >/dev/null 2>&1' EXIT
	python3 "$here/gen_zones.py" "$here/zones" "$lab_dir" "$@" ||
		die "zone generation failed"
	chmod 755 "$lab_dir/rbldnsd"
	tls_ca_make
	tls_tlsa_fill
	lab_check_zones
	lab_sign
	conf_nsd "$lab_dir/nsd.conf" "$lab_dir/run/nsd" "127.0.0.1@$P_NSD" all
	conf_unbound_front "$lab_dir/unbound.conf"
	nsd-checkconf "$lab_dir/nsd.conf" || die "bad generated $lab_dir/nsd.conf"
	unbound-checkconf "$lab_dir/unbound.conf" >/dev/null || die "bad generated $lab_dir/unbound.conf"

	rbldnsd_start rbldnsd "127.0.0.1/$P_RBLDNSD"
	spawn nsd nsd -d -c "$lab_dir/nsd.conf"
	spawn dead python3 -c "$DEAD_PY" 127.0.0.1 "$P_DEAD"
	spawn unbound unbound -d -c "$lab_dir/unbound.conf"
	wait_dns rbldnsd 127.0.0.1 "$P_RBLDNSD" bl.lab.test
	rbldnsd_check_log rbldnsd
	wait_dns nsd 127.0.0.1 "$P_NSD" lab.test
	wait_udp dead 127.0.0.1 "$P_DEAD"
	wait_dns unbound 127.0.0.1 "$P_RESOLVER" lab.test
	sh "$here/imap.sh" start "$lab_dir" "$P_IMAPS" "$P_IMAP" >"$lab_dir/imap.env" ||
		die "the IMAP server did not start"
	smtp_start
	https_start

	LAB_NETNS=""
	if ! netns_start; then
		LAB_NETNS=""
		echo "lab: network namespaces unavailable ($(head -n 1 "$lab_dir/log/netns.log")):" \
			"recursive-mode tests fall back to forwarding" >&2
	fi
	lab_env >"$lab_dir/env"
	trap - EXIT
	echo "lab: running in $lab_dir (front resolver 127.0.0.1@$P_RESOLVER)"
}

lab_env() {
	echo "# sendwatch lab environment, written by tests/lab/lab.sh start"
	echo "LAB_DIR='$lab_dir'"
	echo "LAB_RESOLVER=127.0.0.1@$P_RESOLVER"
	echo "LAB_RBLDNSD=127.0.0.1@$P_RBLDNSD"
	echo "LAB_NSD=127.0.0.1@$P_NSD"
	echo "LAB_DEAD=127.0.0.1@$P_DEAD"
	if [ -s "$lab_dir/trust-anchors" ]; then
		echo "LAB_TRUST_ANCHOR='$lab_dir/trust-anchors'"
	else
		echo "LAB_TRUST_ANCHOR=''"
	fi
	echo "LAB_NETNS='$LAB_NETNS'"
	if [ -n "$LAB_NETNS" ]; then
		echo "LAB_ROOT_HINTS='$lab_dir/root.hints'"
		echo "LAB_NETNS_RESOLVER=$NS_RESOLVER"
		echo "LAB_RECURSIVE_NOTE=''"
	else
		echo "LAB_ROOT_HINTS=''"
		echo "LAB_NETNS_RESOLVER=''"
		echo "LAB_RECURSIVE_NOTE='network namespaces unavailable: recursive-mode tests fall back to forwarding'"
	fi
	echo "export LAB_DIR LAB_RESOLVER LAB_RBLDNSD LAB_NSD LAB_DEAD LAB_TRUST_ANCHOR"
	echo "export LAB_NETNS LAB_ROOT_HINTS LAB_NETNS_RESOLVER LAB_RECURSIVE_NOTE"
	cat "$lab_dir/imap.env"
	smtp_env
	https_env
}

# lab_stop: TERM each recorded PID, wait (bounded) for it, then KILL;
# delete the namespace. Safe to call twice, or on a half-started lab.
lab_stop() {
	if [ -f "$lab_dir/pids" ]; then
		while read -r _name _pid; do
			[ -n "$_pid" ] && kill "$_pid" 2>/dev/null || :
		done <"$lab_dir/pids"
		while read -r _name _pid; do
			[ -n "$_pid" ] || continue
			_n=0
			while kill -0 "$_pid" 2>/dev/null && [ $_n -lt 50 ]; do
				sleep 0.1
				_n=$((_n + 1))
			done
			kill -9 "$_pid" 2>/dev/null || :
		done <"$lab_dir/pids"
		rm -f "$lab_dir/pids"
	fi
	if [ -f "$lab_dir/netns" ]; then
		ip netns del "$(cat "$lab_dir/netns")" 2>/dev/null || :
		rm -f "$lab_dir/netns"
	fi
	claim_release
}

[ $# -ge 2 ] || die "usage: lab.sh start DIR [--bench[=N]] | lab.sh stop DIR"
cmd=$1 lab_dir=$2
shift 2
lab_abs=$(realpath -m "$lab_dir")
case $cmd in
start) lab_start "$@" ;;
stop) [ $# -eq 0 ] || die "usage: lab.sh stop DIR"; lab_stop ;;
*) die "unknown command '$cmd': expected start or stop" ;;
esac
