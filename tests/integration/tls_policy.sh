#!/bin/sh
# tls_policy.sh -- the published mail-policy probes against the lab
# (tests/lab/zones/policy.test.zone): `audit --probe tlsrpt` and
# `check tlsrpt` for a good record, none, two, an http: destination, a
# mailto: domain without MX and a version in the wrong case.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
if [ -z "${LAB_RESOLVER:-}" ]; then
	fail "lab is running" "LAB_RESOLVER is not set: run through tests/run.sh"
	done_testing; exit
fi

# check NAME WANT_STATUS REGEX ARGS...: `sendwatch check`, status and output.
check() {
	name=$1 want=$2 re=$3
	shift 3
	out=$("$SENDWATCH" check "$@" --resolver "$LAB_RESOLVER" 2>&1)
	expect_status "$name: exit status" "$want" $?
	expect_match "$name: output" "$re" "$out"
}

# audit NAME WANT_STATUS REGEX ARGS...: `sendwatch audit`, status and output.
audit() {
	name=$1 want=$2 re=$3
	shift 3
	out=$("$SENDWATCH" --resolver "$LAB_RESOLVER" audit "$@" 2>&1)
	expect_status "$name: exit status" "$want" $?
	expect_match "$name: output" "$re" "$out"
}

# ---- TLS-RPT ---------------------------------------------------------------
check "tlsrpt good" 0 \
	'^SENDWATCH TLSRPT OK - TLS-RPT record of good.policy.test is in order \| problems=0 time=' \
	tlsrpt good.policy.test
check "tlsrpt none: optional" 0 \
	'^SENDWATCH TLSRPT OK - no TLS-RPT record at _smtp._tls.none.policy.test \(optional\)' \
	tlsrpt none.policy.test
check "tlsrpt two records" 1 \
	'^SENDWATCH TLSRPT WARNING - 2 TLS-RPT records at _smtp._tls.two.policy.test' \
	tlsrpt two.policy.test
check "tlsrpt http: destination" 1 \
	'rua destination "http://reports.policy.test/tlsrpt" is not usable: reports are only posted over https' \
	tlsrpt httprua.policy.test
check "tlsrpt mailto: domain without MX" 1 \
	'rua destination mailto:tlsrpt@nomx.policy.test has no MX records' \
	tlsrpt nomxrua.policy.test
check "tlsrpt version in lower case" 1 \
	'is not a TLS-RPT record: the version is not written exactly as the RFC spells it' \
	tlsrpt lowcase.policy.test
check "tlsrpt: a zone whose server never answers is unknown" 3 \
	'^SENDWATCH TLSRPT UNKNOWN' \
	tlsrpt down.lab.test -t 5

audit "audit --probe tlsrpt: the record and both destinations" 0 \
	'rua https://reports.policy.test/tlsrpt: reports.policy.test has 1 address' \
	--probe tlsrpt good.policy.test
audit "audit --probe tlsrpt two domains: the worst decides" 1 \
	'2 TLS-RPT records' --probe tlsrpt good.policy.test two.policy.test

done_testing
