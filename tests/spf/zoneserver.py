#!/usr/bin/python3
"""zoneserver.py -- a small authoritative DNS server for the RFC 7208 suite.

Serves every scenario's zonedata from tests/spf's suite file at once: one
UDP socket per scenario on 127.0.0.1 (ephemeral ports, written as
"INDEX PORT" lines to PORTS_FILE once all are bound), so a sendwatch run
forwarded to a scenario's port sees exactly that scenario's DNS. The
suite's conventions (as its drivers implement them):

- a name's SPF records are also served as TXT unless it lists TXT
  records of its own ("TXT: NONE" only stops that copy);
- TIMEOUT: a query for the name that no listed record answers gets no
  reply at all (the server does not answer, as a dead server would);
- CNAME answers are followed inside the scenario's data;
- a name not in the data is NXDOMAIN, a listed name without the type NODATA.

Usage: zoneserver.py SUITE.yml PORTS_FILE   (runs until killed)
dnspython builds and parses every packet: no wire format by hand.
"""
import select
import socket
import sys

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import yaml

TTL = 60


def raw(s):
    """The suite writes bytes as \\xNN escapes: keep them as bytes."""
    if isinstance(s, bytes):
        return s
    try:
        return s.encode('latin-1')
    except UnicodeEncodeError:
        return s.encode('utf-8')


def make_name(text):
    """A dnspython name from the suite's text, any byte allowed in labels."""
    text = raw(str(text)).rstrip(b'.')
    return dns.name.Name([l for l in text.split(b'.')] + [b''])


def key(name):
    return raw(str(name)).rstrip(b'.').lower()


def txt_rdata(value, rtype='TXT'):
    strings = value if isinstance(value, list) else [value]
    chunks = []
    for s in strings:
        b = s if isinstance(s, bytes) else raw(str(s))
        chunks.extend([b[i:i + 255] for i in range(0, len(b), 255)] or [b''])
    if not chunks:
        return None     # "no strings" is not a TXT record: skip it
    cls = dns.rdata.get_rdata_class(dns.rdataclass.IN,
                                    dns.rdatatype.from_text(rtype))
    return cls(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), chunks)


def rdata(rtype, value):
    if rtype in ('TXT', 'SPF'):
        return txt_rdata(value, rtype)
    if rtype == 'MX':
        pref, host = value
        host = '.' if host in ('', None) else str(host).rstrip('.') + '.'
        from dns.rdtypes.ANY.MX import MX
        return MX(dns.rdataclass.IN, dns.rdatatype.MX, int(pref),
                  make_name(host) if host != '.' else dns.name.root)
    if rtype in ('PTR', 'CNAME'):
        cls = dns.rdata.get_rdata_class(dns.rdataclass.IN,
                                        dns.rdatatype.from_text(rtype))
        return cls(dns.rdataclass.IN, dns.rdatatype.from_text(rtype),
                   make_name(value))
    return dns.rdata.from_text(dns.rdataclass.IN, rtype, str(value))


def load_zone(zonedata):
    """name -> {'timeout': bool, 'types': {TYPE: [rdata]}, 'listed': set}"""
    zone = {}
    for name, records in (zonedata or {}).items():
        e = zone.setdefault(key(name), {'timeout': False, 'types': {},
                                        'listed': set()})
        for r in records:
            if r == 'TIMEOUT':
                e['timeout'] = True
                continue
            for rtype, value in r.items():
                e['listed'].add(rtype)
                if value == 'NONE':
                    continue
                rd = rdata(rtype, value)
                if rd is not None:
                    e['types'].setdefault(rtype, []).append(rd)
    for e in zone.values():
        if 'SPF' in e['types'] and 'TXT' not in e['listed']:
            e['types']['TXT'] = [
                txt_rdata([bytes(s) for s in rd.strings])
                for rd in e['types']['SPF']]
    return zone


def answer(zone, query):
    """The reply to query, or None to stay silent (TIMEOUT)."""
    resp = dns.message.make_response(query)
    resp.flags |= dns.flags.AA | dns.flags.RA
    if len(query.question) != 1:
        resp.set_rcode(dns.rcode.FORMERR)
        return resp
    q = query.question[0]
    qtype = dns.rdatatype.to_text(q.rdtype)
    name = q.name
    for _ in range(10):             # CNAME chain, bounded
        e = zone.get(key(name.to_text(omit_final_dot=True)))
        if e is None:
            resp.set_rcode(dns.rcode.NXDOMAIN)
            return resp
        if qtype in e['types']:
            rrs = dns.rrset.RRset(name, dns.rdataclass.IN, q.rdtype)
            for rd in e['types'][qtype]:
                rrs.add(rd, TTL)
            resp.answer.append(rrs)
            return resp
        if 'CNAME' in e['types'] and qtype != 'CNAME':
            target = e['types']['CNAME'][0].target
            rrs = dns.rrset.RRset(name, dns.rdataclass.IN,
                                  dns.rdatatype.CNAME)
            rrs.add(e['types']['CNAME'][0], TTL)
            resp.answer.append(rrs)
            if key(target.to_text(omit_final_dot=True)) == \
                    key(name.to_text(omit_final_dot=True)):
                return resp
            name = target
            continue
        if e['timeout']:
            return None
        return resp                 # NODATA
    return resp


def main():
    suite, ports_file = sys.argv[1], sys.argv[2]
    with open(suite, 'rb') as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    socks = {}
    lines = []
    for i, doc in enumerate(docs):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(('127.0.0.1', 0))
        socks[s] = load_zone(doc.get('zonedata'))
        lines.append('%d %d\n' % (i, s.getsockname()[1]))
    with open(ports_file + '.tmp', 'w') as f:
        f.writelines(lines)
    import os
    os.rename(ports_file + '.tmp', ports_file)
    while True:
        ready, _, _ = select.select(list(socks), [], [])
        for s in ready:
            data, peer = s.recvfrom(4096)
            try:
                query = dns.message.from_wire(data)
            except Exception:       # not DNS: ignore, as servers do
                continue
            try:
                resp = answer(socks[s], query)
            except Exception as e:  # a bug here: say so, keep serving
                print('zoneserver: %s: %r' % (query.question, e),
                      file=sys.stderr, flush=True)
                resp = dns.message.make_response(query)
                resp.set_rcode(dns.rcode.SERVFAIL)
            if resp is not None:
                s.sendto(resp.to_wire(max_size=65535), peer)


if __name__ == '__main__':
    main()
