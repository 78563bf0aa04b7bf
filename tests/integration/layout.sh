# layout.sh -- the layers of the tree hold (README "Hacking", DESIGN.md):
# probes/ and config/ include nothing from monitor/; alerts/ includes
# nothing from monitor/ and from probes/ only the data model
# (probes/finding.h); no header includes, directly or through others, a
# header that includes it back. The checker is also run on a copy of
# the tree with one planted violation of each kind, so it is known to
# find them.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# layout_check ROOT: one line per violation, nothing when the tree is clean.
layout_check() {
	(cd "$1" && {
		grep -rn --include='*.[ch]' '#include "monitor/' probes config |
			sed 's/^/upward include: /'
		grep -rn --include='*.[ch]' -E '#include "(monitor|probes)/' alerts |
			grep -v '#include "probes/finding.h"' | sed 's/^/upward include: /'
		python3 - <<'PY'
import os, re, sys
inc = re.compile(r'^\s*#\s*include\s+"([^"]+\.h)"', re.M)
graph = {}
for d in ("config", "probes", "monitor", "alerts"):
    for dirpath, _, files in os.walk(d):
        for f in files:
            if f.endswith(".h"):
                p = os.path.join(dirpath, f)
                graph[p] = [h for h in inc.findall(open(p, errors="replace").read())]
seen, cycles = {}, set()
def visit(n, stack):
    seen[n] = 1
    stack.append(n)
    for m in graph.get(n, []):
        if m not in graph:
            continue
        if seen.get(m) == 1:
            c = stack[stack.index(m):]
            k = min(range(len(c)), key=lambda i: c[i])
            cycles.add(" -> ".join(c[k:] + c[:k] + [c[k]]))
        elif m not in seen:
            visit(m, stack)
    stack.pop()
    seen[n] = 2
for n in sorted(graph):
    if n not in seen:
        visit(n, [])
for c in sorted(cycles):
    print("include circle: " + c)
PY
	})
}

out=$(layout_check "$top")
expect_eq "no upward includes and no include circles in the tree" "" "$out"

# The checker finds what it looks for: plant one of each in a copy.
mkdir -p "$tmp/t"
(cd "$top" && tar cf - config probes monitor alerts) | (cd "$tmp/t" && tar xf -)
expect_eq "the copy is clean too" "" "$(layout_check "$tmp/t")"
printf '#include "monitor/engine.h"\n' >>"$tmp/t/probes/finding.c"
printf '#include "monitor/log.h"\n' >>"$tmp/t/config/config.c"
printf '#include "probes/dns/dns.h"\n' >>"$tmp/t/alerts/event.c"
printf '#include "monitor/store/state_store.h"\n' >>"$tmp/t/alerts/alert.h"
printf '#include "probes/finding.h"\n' >>"$tmp/t/alerts/alert_mail.c"
out=$(layout_check "$tmp/t")
expect_match "probes/ including monitor/ is found" '^upward include: probes/finding.c:.*monitor/engine.h' "$out"
expect_match "config/ including monitor/ is found" '^upward include: config/config.c:.*monitor/log.h' "$out"
expect_match "alerts/ including probes/ is found" '^upward include: alerts/event.c:.*probes/dns/dns.h' "$out"
expect_match "alerts/ including monitor/ is found" '^upward include: alerts/alert.h:.*state_store.h' "$out"
expect_no_match "alerts/ may include probes/finding.h" 'alert_mail.c' "$out"
# a circle through three headers
printf '#include "probes/verdict.h"\n' >>"$tmp/t/probes/dns/dnsname.h"
printf '#include "probes/dns/target.h"\n' >>"$tmp/t/probes/verdict.h"
printf '#include "probes/dns/dnsname.h"\n' >>"$tmp/t/probes/dns/target.h"
out=$(layout_check "$tmp/t")
expect_match "a header include circle is found" \
	'^include circle: probes/dns/dnsname.h -> probes/verdict.h -> probes/dns/target.h -> probes/dns/dnsname.h$' "$out"

done_testing
