# reports_gen.awk -- writes DMARC aggregate reports of realistic shape
# (RFC 7489 appendix C as Google, Microsoft and Yahoo send them: records
# with row, identifiers and auth_results holding one or two DKIM results
# and one SPF result). Used by bench/reports.
#   awk -v out=FILE -v id=N -v records=N -f reports_gen.awk
#   awk -v dir=DIR -v count=N -v records=N -f reports_gen.awk  (DIR/rN.xml)
function report(file, id, n,    i, ip, c, dk, sp) {
	printf "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<feedback>\n" \
	    "  <report_metadata>\n    <org_name>bench.example</org_name>\n" \
	    "    <email>noreply-dmarc-support@bench.example</email>\n" \
	    "    <extra_contact_info>https://bench.example/dmarc</extra_contact_info>\n" \
	    "    <report_id>bench-%d</report_id>\n    <date_range>\n" \
	    "      <begin>%d</begin>\n      <end>%d</end>\n    </date_range>\n" \
	    "  </report_metadata>\n  <policy_published>\n" \
	    "    <domain>example.com</domain>\n    <adkim>r</adkim>\n" \
	    "    <aspf>r</aspf>\n    <p>quarantine</p>\n    <sp>quarantine</sp>\n" \
	    "    <pct>100</pct>\n  </policy_published>\n", id,
	    1700000000 + id * 86400, 1700000000 + id * 86400 + 86399 > file
	for (i = 0; i < n; i++) {
		ip = sprintf("%d.%d.%d.%d", 10 + i % 200, int(i / 65536) % 256,
		    int(i / 256) % 256, i % 256)
		c = 1 + (i * 7) % 50
		dk = (i % 5) ? "pass" : "fail"
		sp = (i % 3) ? "pass" : "fail"
		printf "  <record>\n    <row>\n      <source_ip>%s</source_ip>\n" \
		    "      <count>%d</count>\n      <policy_evaluated>\n" \
		    "        <disposition>none</disposition>\n" \
		    "        <dkim>%s</dkim>\n        <spf>%s</spf>\n" \
		    "      </policy_evaluated>\n    </row>\n    <identifiers>\n" \
		    "      <header_from>example.com</header_from>\n" \
		    "      <envelope_from>bounce.example.com</envelope_from>\n" \
		    "    </identifiers>\n    <auth_results>\n      <dkim>\n" \
		    "        <domain>example.com</domain>\n" \
		    "        <selector>s%d</selector>\n        <result>%s</result>\n" \
		    "      </dkim>\n", ip, c, dk, sp, i % 4, dk > file
		if (i % 2)
			printf "      <dkim>\n        <domain>esp.example</domain>\n" \
			    "        <selector>esp</selector>\n" \
			    "        <result>pass</result>\n      </dkim>\n" > file
		printf "      <spf>\n        <domain>bounce.example.com</domain>\n" \
		    "        <scope>mfrom</scope>\n        <result>%s</result>\n" \
		    "      </spf>\n    </auth_results>\n  </record>\n", sp > file
	}
	print "</feedback>" > file
	close(file)
}
BEGIN {
	if (dir == "")
		report(out, id, records)
	for (k = 1; dir != "" && k <= count; k++)
		report(sprintf("%s/r%05d.xml", dir, k), k, 1 + k % records)
}
