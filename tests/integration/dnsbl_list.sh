# dnsbl_list.sh -- `sendwatch dnsbl list`: the whole catalog in text, JSON
# and Markdown; README.md's catalog table is exactly the Markdown output
# (one source for both); every entry shows its codes, terms and the
# operator page it was researched from, with the date.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

"$SENDWATCH" dnsbl list >"$tmp/text"; st=$?
expect_status "dnsbl list exits 0" 0 $st
"$SENDWATCH" dnsbl list --json >"$tmp/json"; st=$?
expect_status "dnsbl list --json exits 0" 0 $st
"$SENDWATCH" dnsbl list --markdown >"$tmp/md"; st=$?
expect_status "dnsbl list --markdown exits 0" 0 $st

# --- README's table is the --markdown output, byte for byte ----------------
sed -n '/^<!-- BEGIN sendwatch dnsbl list --markdown -->$/,/^<!-- END sendwatch dnsbl list --markdown -->$/p' \
	"$top/README.md" | sed '1d;$d' >"$tmp/readme-table"
if cmp -s "$tmp/md" "$tmp/readme-table"; then
	ok "README.md's catalog table equals sendwatch dnsbl list --markdown"
else
	fail "README.md's catalog table equals sendwatch dnsbl list --markdown" \
		"regenerate it with ./sendwatch dnsbl list --markdown; differences:
$(diff "$tmp/readme-table" "$tmp/md" | head -20)"
fi

# --- every entry, in every format, with the same facts ----------------------
python3 - "$tmp/json" "$tmp/text" "$tmp/md" <<'PY' >"$tmp/check" 2>&1
import json, re, sys
d = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
md = open(sys.argv[3]).read().splitlines()[2:]
lists = d["lists"]
problems = []
if len(lists) != len(md):
    problems.append(f"{len(lists)} JSON entries but {len(md)} Markdown rows")
for e, row in zip(lists, md):
    want = f"| `{e['name']}` | `{e['zone']}` |"
    if not row.startswith(want):
        problems.append(f"Markdown row {row[:60]!r} is not {want}")
    if (" | on | " in row) != e["default"]:
        problems.append(f"{e['name']}: default differs between JSON and Markdown")
    if e["defunct"] and "defunct" not in row:
        problems.append(f"{e['name']}: Markdown row does not say it is defunct")
    if e["defunct"] and e["default"]:
        problems.append(f"{e['name']}: defunct but on by default")
    if not re.match(r"https?://", e["source"]) or not re.fullmatch(r"20\d\d-\d\d-\d\d", e["checked"]):
        problems.append(f"{e['name']}: source {e['source']!r} read {e['checked']!r}")
    if not e["codes"] or not e["terms"]:
        problems.append(f"{e['name']}: no codes or no terms")
    block = text.split(f"\n{e['name']}  {e['zone']}\n")
    if len(block) != 2 and not text.startswith(f"{e['name']}  {e['zone']}\n"):
        problems.append(f"{e['name']}: no text block")
        continue
    body = (block[1] if len(block) == 2 else text).split("\n\n")[0]
    for c in e["codes"]:
        if c["first"] not in body or c["name"] not in body or c["meaning"] not in body:
            problems.append(f"{e['name']}: code {c['first']} {c['name']} missing from the text")
    for c in e["errors"]:
        if c["meaning"] not in body:
            problems.append(f"{e['name']}: error {c['first']} missing from the text")
    if e["source"] not in body or e["checked"] not in body or e["terms"] not in body:
        problems.append(f"{e['name']}: source, date or terms missing from the text")
print(len(lists), "entries")
for p in problems:
    print("PROBLEM", p)
PY
expect_no_match "text, JSON and Markdown agree on every entry" '^PROBLEM' "$(cat "$tmp/check")"
expect_match "the catalog has at least 30 entries" '^([3-9][0-9]|[1-9][0-9][0-9]) entries' "$(cat "$tmp/check")"

# --- what an admin looks for ------------------------------------------------
expect_match "SURBL's bits are listed one by one" '127\.0\.0\.64 +SURBL-ABUSE' "$(cat "$tmp/text")"
expect_match "dnswl's trust levels are listed" 'DNSWL-NONE.*only avoid blocking' "$(cat "$tmp/text")"
expect_match "Hostkarma's white code is good news" '127\.0\.0\.1 +HOSTKARMA-WHITE +ok' "$(cat "$tmp/text")"
expect_match "Spamhaus's terms say non-commercial" 'terms: +free only for non-commercial use' "$(cat "$tmp/text")"
o=$("$SENDWATCH" dnsbl list zen.spamhaus.org 2>&1); s=$?
expect_status "one list by zone exits 0" 0 $s
expect_match "one list by zone" '^spamhaus-zen  zen\.spamhaus\.org$' "$o"
expect_no_match "only that list" '^spamcop ' "$o"
o=$("$SENDWATCH" dnsbl list nosuch.example 2>&1); s=$?
expect_status "an unknown list exits 3" 3 $s
expect_match "an unknown list is named" '"nosuch\.example" is not a list' "$o"
o=$("$SENDWATCH" dnsbl 2>&1); s=$?
expect_status "dnsbl without a subcommand exits 3" 3 $s
o=$("$SENDWATCH" dnsbl list --bogus 2>&1); s=$?
expect_status "an unknown option exits 3" 3 $s
expect_match "an unknown option is named" 'unknown option --bogus' "$o"

done_testing
