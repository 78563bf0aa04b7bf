#!/usr/bin/env python3
"""gen_zones.py -- turns the lab's readable zone descriptions into server data.

Reads every description in tests/lab/zones/ (one file per zone, the zone
name is the file name without its suffix) and writes into OUT:

  rbldnsd/<zone>.<kind>.<layer>   rbldnsd datasets (ip4set, ip6trie, dnset)
  rbldnsd.args                    rbldnsd's zone:type:file arguments
  nsd/<zone>.zone                 nsd zone files (SOA/NS added, TXT split)
  nsd/root.zone                   the root zone for the recursive lab
  zones.list                      "<zone> <server>" for every zone

Suffixes and their servers (README.md describes the formats):
  .rbl   rbldnsd    KEY A-VALUE [TXT]; "every STEP START COUNT A [TXT]"
  .zone  nsd        NAME [TTL] TYPE RDATA; "range FIRST LAST NAME TYPE RDATA"
  .dead  dead       no data: the zone is delegated to a server that never answers
  .lame  lame       no data: delegated to a server that answers REFUSED for it

Usage: gen_zones.py ZONES_DIR OUT [--bench[=N]]
Errors name file:line and what was expected; the exit status is then 1.
"""
import ipaddress
import os
import re
import sys

# Name servers of the lab, as named in delegations and SOA records. The
# addresses are those inside the recursive-mode network namespace; the
# forwarding-mode front resolver reaches the same servers by stub-zones.
SERVERS = {
    "root": ("root.servers.test", "127.53.0.1"),
    "nsd": ("nsd.servers.test", "127.53.0.2"),
    "rbldnsd": ("rbldnsd.servers.test", "127.53.0.3"),
    "dead": ("dead.servers.test", "127.53.0.4"),
}
SUFFIXES = {".rbl": "rbldnsd", ".zone": "nsd", ".dead": "dead", ".lame": "lame"}
# A lame zone is delegated to rbldnsd, which does not serve it and answers
# REFUSED: resolvers fail at once (SERVFAIL), where a dead zone times out.
NAME_SERVER = {"root": "root", "nsd": "nsd", "rbldnsd": "rbldnsd",
               "dead": "dead", "lame": "rbldnsd"}
TTL = 60
SOA_RNAME = "hostmaster.lab.test"
BENCH_ZONES = 10
BENCH_BASE = ipaddress.IPv4Address("198.18.0.0")   # RFC 2544 benchmarking


class DescError(Exception):
    """A description error, already carrying file:line."""


def fail(path, lineno, msg):
    raise DescError(f"{path}:{lineno}: {msg}")


def meaningful_lines(path):
    """Yields (lineno, line) for non-empty, non-comment lines."""
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if line and not line.startswith("#"):
                yield n, line


# ---------------------------------------------------------------- rbldnsd

def rbl_key_kind(key):
    """ip4, ip6 or domain, from the shape of an entry's key."""
    bare = key.lstrip("!")
    if ":" in bare:
        return "ip6"
    if re.fullmatch(r"[0-9.]+(/[0-9]+)?", bare):
        return "ip4"
    return "domain"


def check_rbl_key(path, n, key, kind):
    bare = key.lstrip("!")
    try:
        if kind == "ip4":
            ipaddress.IPv4Network(bare)
        elif kind == "ip6":
            ipaddress.IPv6Network(bare)
        elif not re.fullmatch(r"[*.]?[A-Za-z0-9_.-]+", bare):
            fail(path, n, f"'{key}' is not an address, CIDR or domain name")
    except ValueError as e:
        fail(path, n, f"'{key}': expected an address or a network "
                      f"without host bits ({e})")


def check_a_value(path, n, value):
    try:
        a = ipaddress.IPv4Address(value)
    except ValueError:
        fail(path, n, f"'{value}': expected an A value such as 127.0.0.2")
    return str(a)


def parse_rbl(path, bench_entries=None):
    """Returns [(kind, key, a, txt)] in file order."""
    entries = []
    for n, line in meaningful_lines(path):
        words = line.split(None, 2)
        if words[0] == "every":
            words = line.split(None, 5)
            if len(words) < 5:
                fail(path, n, "expected 'every STEP START COUNT A-VALUE [TXT]'")
            try:
                step, count = int(words[1]), int(words[3])
                start = ipaddress.IPv4Address(words[2])
            except ValueError:
                fail(path, n, "expected 'every STEP START COUNT A-VALUE [TXT]' "
                              "with STEP and COUNT numbers, START an IPv4 address")
            a = check_a_value(path, n, words[4])
            txt = words[5] if len(words) > 5 else None
            for i in range(count):
                entries.append(("ip4", str(start + i * step), a, txt))
            continue
        if len(words) < 2:
            fail(path, n, "expected 'KEY A-VALUE [TXT]'")
        kind = rbl_key_kind(words[0])
        check_rbl_key(path, n, words[0], kind)
        a = check_a_value(path, n, words[1])
        entries.append((kind, words[0], a, words[2] if len(words) > 2 else None))
    if bench_entries:
        entries.extend(bench_entries)
    return entries


def rbl_layers(entries):
    """Splits entries into layers so that no key repeats within a layer:
    rbldnsd returns one A per dataset, so a key with two codes (as ZEN
    answers 127.0.0.2 and 127.0.0.10) needs two datasets."""
    layers = []          # list of {kind: [(key, a, txt)]}
    seen = []            # per layer: set of (kind, key)
    for kind, key, a, txt in entries:
        i = 0
        while i < len(layers) and (kind, key) in seen[i]:
            i += 1
        if i == len(layers):
            layers.append({})
            seen.append(set())
        layers[i].setdefault(kind, []).append((key, a, txt))
        seen[i].add((kind, key))
    return layers


def write_rbl(zone, entries, out):
    """Writes rbldnsd datasets; returns ['zone:type:file', ...]."""
    dataset_type = {"ip4": "ip4set", "ip6": "ip6trie", "domain": "dnset"}
    specs = []
    header = (f"$SOA {TTL} {SERVERS['nsd'][0]} {SOA_RNAME} 1 600 300 86400 {TTL}\n"
              f"$NS {TTL} {SERVERS['rbldnsd'][0]}\n")
    for layer_no, layer in enumerate(rbl_layers(entries)):
        for kind, rows in sorted(layer.items()):
            name = os.path.join(out, "rbldnsd", f"{zone}.{kind}.{layer_no}")
            with open(name + ".tmp", "w", encoding="utf-8") as f:
                f.write(header)
                for key, a, txt in rows:
                    if kind == "ip4" and key.lstrip("!").endswith("/0"):
                        # ip4set refuses a /0; it takes the same as a range
                        key = ("!" if key.startswith("!") else "") + "0.0.0.0-255.255.255.255"
                    value = f":{a}:" + (txt if txt is not None else "")
                    f.write(f"{key} {value}\n")
            os.replace(name + ".tmp", name)
            # relative: rbldnsd runs chrooted in OUT/rbldnsd
            specs.append(f"{zone}:{dataset_type[kind]}:{os.path.basename(name)}")
    return specs


def bench_entries(count):
    """bench<k>.lab.test lists the even addresses 198.18.0.0 + 2*i, i < count."""
    a = "127.0.0.2"
    test_point = [("ip4", "127.0.0.2", a, None)]   # RFC 5782 section 5
    return test_point + [("ip4", str(BENCH_BASE + 2 * i), a, None)
                         for i in range(count)]


# ---------------------------------------------------------------- nsd

RANGE_FIELD = re.compile(r"\{i(?:(%|//)([0-9]+))?\}")


def range_subst(text, i):
    def one(m):
        if m.group(1) == "%":
            return str(i % int(m.group(2)))
        if m.group(1) == "//":
            return str(i // int(m.group(2)))
        return str(i)
    return RANGE_FIELD.sub(one, text)


TXT_TYPES = ("TXT", "SPF")
TXT_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')


def txt_unescape(text):
    """The bytes a zone-file character-string stands for (\\X, \\DDD)."""
    out, i = bytearray(), 0
    raw = text.encode()
    while i < len(raw):
        if raw[i] == 0x5C and raw[i + 1:i + 4].isdigit() and i + 4 <= len(raw):
            out.append(int(raw[i + 1:i + 4]))
            i += 4
        elif raw[i] == 0x5C and i + 1 < len(raw):
            out.append(raw[i + 1])
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def txt_escape(data):
    """A character-string in zone-file form."""
    out = []
    for b in data:
        if b in (0x22, 0x5C):
            out.append("\\" + chr(b))
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append(f"\\{b:03d}")
    return '"' + "".join(out) + '"'


def split_txt(rdata):
    """Every character-string longer than 255 bytes becomes several of at
    most 255 bytes (RFC 1035 3.3.14); a resolver joins them back."""
    parts = []
    for m in TXT_TOKEN.finditer(rdata):
        data = txt_unescape(m.group(1) if m.group(1) is not None else m.group(2))
        if len(data) <= 255:
            parts.append(m.group(0))
        else:
            parts += [txt_escape(data[i:i + 255]) for i in range(0, len(data), 255)]
    return " ".join(parts)


def record_type(words):
    """Index of the TYPE word in NAME [TTL] [IN] TYPE RDATA, or -1."""
    i = 1
    if i < len(words) and words[i].isdigit():
        i += 1
    if i < len(words) and words[i].upper() == "IN":
        i += 1
    return i if i < len(words) - 1 else -1


def parse_zone(path):
    """Returns (records, has_soa, has_apex_ns); records are zone-file lines,
    each ending in a "; FILE:LINE" comment naming its description line, so
    that nsd's errors about the generated file lead back to it."""
    where = os.path.join(os.path.basename(os.path.dirname(path)), os.path.basename(path))
    records, has_soa, has_ns = [], False, False
    for n, line in meaningful_lines(path):
        words = line.split()
        if words[0] == "range":
            if len(words) < 6 or not (words[1].isdigit() and words[2].isdigit()):
                fail(path, n, "expected 'range FIRST LAST NAME TYPE RDATA' "
                              "with {i}, {i%N} or {i//N} in NAME/RDATA")
            first, last = int(words[1]), int(words[2])
            if last < first or last - first > 100000:
                fail(path, n, f"range {first}..{last}: expected FIRST <= LAST "
                              "and at most 100,000 names")
            template = " ".join(words[3:])
            for i in range(first, last + 1):
                records.append(f"{range_subst(template, i)} ; {where}:{n}")
            continue
        t = record_type(words)
        if t < 0:
            fail(path, n, "expected 'NAME [TTL] TYPE RDATA'")
        rtype = words[t].upper()
        if rtype == "SOA":
            has_soa = True
        if rtype == "NS" and words[0] == "@":
            has_ns = True
        if rtype in TXT_TYPES:
            words = line.split(None, t + 1)
            line = " ".join(words[:t + 1] + [split_txt(words[t + 1])])
        records.append(f"{line} ; {where}:{n}")
    return records, has_soa, has_ns


def write_nsd_zone(zone, records, has_soa, has_ns, delegations, out):
    name = os.path.join(out, "nsd", f"{zone}.zone")
    with open(name + ".tmp", "w", encoding="utf-8") as f:
        f.write(f"$ORIGIN {zone}.\n$TTL {TTL}\n")
        if not has_soa:
            f.write(f"@ SOA {SERVERS['nsd'][0]}. {SOA_RNAME}. 1 600 300 86400 {TTL}\n")
        if not has_ns:
            f.write(f"@ NS {SERVERS['nsd'][0]}.\n")
        for r in records:
            f.write(r + "\n")
        for child, server in delegations:
            f.write(f"{child}. NS {SERVERS[NAME_SERVER[server]][0]}.\n")
    os.replace(name + ".tmp", name)


def write_root_zone(top_zones, out):
    """The root zone of the namespace lab: server addresses and one
    delegation per top-most lab zone."""
    name = os.path.join(out, "nsd", "root.zone")
    with open(name + ".tmp", "w", encoding="utf-8") as f:
        f.write(f"$ORIGIN .\n$TTL {TTL}\n")
        f.write(f". SOA {SERVERS['root'][0]}. {SOA_RNAME}. 1 600 300 86400 {TTL}\n")
        f.write(f". NS {SERVERS['root'][0]}.\n")
        for host, addr in SERVERS.values():
            f.write(f"{host}. A {addr}\n")
        for zone, server in top_zones:
            f.write(f"{zone}. NS {SERVERS[NAME_SERVER[server]][0]}.\n")
    os.replace(name + ".tmp", name)


# ---------------------------------------------------------------- main

def parent_zone(zone, zones):
    """The closest enclosing lab zone, or None."""
    labels = zone.split(".")
    for i in range(1, len(labels)):
        cand = ".".join(labels[i:])
        if cand in zones:
            return cand
    return None


def describe(zones_dir):
    """{zone: (server, path)} from the description files."""
    zones = {}
    for fname in sorted(os.listdir(zones_dir)):
        base, suffix = os.path.splitext(fname)
        if suffix not in SUFFIXES:
            continue
        base = base.lower()
        if base in zones:
            raise DescError(f"{zones_dir}/{fname}: zone {base} is already "
                            f"described by {zones[base][1]}")
        zones[base] = (SUFFIXES[suffix], os.path.join(zones_dir, fname))
    return zones


def main(argv):
    if len(argv) < 3:
        print("usage: gen_zones.py ZONES_DIR OUT [--bench[=N]]", file=sys.stderr)
        return 2
    zones_dir, out = argv[1], argv[2]
    bench = 0
    for opt in argv[3:]:
        if opt == "--bench":
            bench = 10000
        elif opt.startswith("--bench=") and opt[8:].isdigit():
            bench = int(opt[8:])
        else:
            print(f"gen_zones.py: unknown option '{opt}' (expected --bench[=N])",
                  file=sys.stderr)
            return 2
    for sub in ("rbldnsd", "nsd"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    try:
        zones = describe(zones_dir)
        for k in range(BENCH_ZONES if bench else 0):
            zones[f"bench{k}.lab.test"] = ("rbldnsd", None)
        delegations = {}   # parent -> [(child, server)]
        top = []
        for zone, (server, _) in sorted(zones.items()):
            parent = parent_zone(zone, zones)
            if parent is None:
                top.append((zone, server))
            elif zones[parent][0] != "nsd":
                raise DescError(f"{zones[zone][1]}: zone {zone} lies under "
                                f"{parent}, which only nsd zones may delegate")
            else:
                delegations.setdefault(parent, []).append((zone, server))
        specs = []
        for zone, (server, path) in sorted(zones.items()):
            if server == "rbldnsd":
                extra = bench_entries(bench) if path is None else None
                entries = parse_rbl(path, extra) if path else extra
                specs += write_rbl(zone, entries, out)
            elif server == "nsd":
                recs, soa, ns = parse_zone(path)
                write_nsd_zone(zone, recs, soa, ns, delegations.get(zone, []), out)
        write_root_zone(top, out)
    except (DescError, OSError) as e:
        print(f"gen_zones.py: {e}", file=sys.stderr)
        return 1
    with open(os.path.join(out, "zones.list"), "w", encoding="utf-8") as f:
        for zone, (server, _) in sorted(zones.items()):
            f.write(f"{zone} {server}\n")
    with open(os.path.join(out, "rbldnsd.args"), "w", encoding="utf-8") as f:
        for s in specs:
            f.write(s + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
