# smtp.sh -- the lab's SMTP servers with and without STARTTLS (sourced by
# lab.sh). One python3 process (smtp_server.py) listens on port
# LAB_PORT_BASE+5 of several loopback addresses 127.25.0.x (and ::1), one
# per kind of MX host; the MX records in tests/lab/zones/tls.lab.test.zone
# and dane.lab.test.zone point at them. Real MX hosts listen on port 25,
# which needs root and collides between labs: sendwatch connects to the
# port in the environment variable SENDWATCH_TEST_SMTP_PORT instead when
# it is set (tests only; see README "Transport security").
#
#   address       certificate              what it tests
#   127.25.0.1    good (lab CA)            passes; also on ::1
#   127.25.0.2    expired (2020)           expired certificate
#   127.25.0.3    wrongname                name does not match the MX host
#   127.25.0.4    -                        no STARTTLS offered
#   127.25.0.5    tls10 (TLS 1.0 only)     old protocol
#   127.25.0.6    untrusted (rogue CA)     chain not valid
#   127.25.0.7    nothing listens          connection refused: unknown
#   127.25.0.8    swap.pem (swap-year)     a test swaps in swap-soon.pem
#   127.25.0.10   chain (+ the lab CA)     DANE-TA records name the CA

SMTP_SPECS="127.25.0.1=starttls:good:mx.good.tls.lab.test
::1=starttls:good:mx.good.tls.lab.test
127.25.0.2=starttls:expired:mx.expired.tls.lab.test
127.25.0.3=starttls:wrongname:mx.wrongname.tls.lab.test
127.25.0.4=plain:good:mx.nostarttls.tls.lab.test
127.25.0.5=tls10:tls10:mx.tls10.tls.lab.test
127.25.0.6=starttls:untrusted:mx.untrusted.tls.lab.test
127.25.0.8=starttls:swap:mx.swap.tls.lab.test
127.25.0.10=starttls:chain:mx5.dane.lab.test"

# smtp_start: starts the servers and waits (bounded) until each listens.
smtp_start() {
	# shellcheck disable=SC2086
	spawn smtp python3 "$here/smtp_server.py" "$lab_dir/tls" "$P_SMTP" $SMTP_SPECS
	for _spec in $SMTP_SPECS; do
		_addr=${_spec%%=*}
		case $_addr in *:*) _addr="[$_addr]" ;; esac
		_n=0
		until ss -Hlnt "src $_addr:$P_SMTP" | grep -q .; do
			kill -0 "$(pid_of smtp)" 2>/dev/null ||
				die "the SMTP servers exited during start-up: $(tail -n 5 "$lab_dir/log/smtp.log")"
			[ $_n -lt $WAIT_TENTHS ] || die "SMTP server $_addr:$P_SMTP did not listen within $((WAIT_TENTHS / 10)) s"
			sleep 0.1
			_n=$((_n + 1))
		done
	done
}

smtp_env() {
	echo "LAB_SMTP_PORT=$P_SMTP"
	echo "LAB_CA='$lab_dir/tls/ca.pem'"
	echo "LAB_TLS_DIR='$lab_dir/tls'"
	echo "export LAB_SMTP_PORT LAB_CA LAB_TLS_DIR"
}
