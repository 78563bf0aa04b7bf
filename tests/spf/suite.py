#!/usr/bin/python3
"""suite.py -- runs the RFC 7208 conformance suite through sendwatch's CLI.

Each case becomes one run of
  sendwatch -c CONF --resolver 127.0.0.1@PORT audit --json --probe spf \
      --mail-from MAILFROM --helo HELO HOST
against the scenario's DNS data, served by zoneserver.py on PORT (a real
DNS server on loopback; TIMEOUT is a server that does not answer). The
result is the spf-sender finding's "spf_result"; for a fail with an
expected explanation, the detail's "explanation (exp=):" line ("DEFAULT"
when none was published or usable). Prints one line per failing case,
a per-group table, and "N passed, N failed".

Usage: suite.py SENDWATCH SUITE.yml PORTS_FILE CONF TIMEOUT_S [CASE...]
"""
import concurrent.futures
import json
import subprocess
import sys
import time

import yaml

EXP_PREFIX = 'explanation (exp=): '
EXP_DEFAULT = 'none usable'


def run_case(sendwatch, conf, port, t):
    mailfrom = t.get('mailfrom', '')
    cmd = [sendwatch, '-c', conf, '--resolver', '127.0.0.1@%d' % port,
           'audit', '--json', '--probe', 'spf', '--mail-from', mailfrom,
           '--helo', t.get('helo', ''), t['host']]
    start = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True,
                       errors='replace', timeout=60)
    elapsed = time.monotonic() - start
    result, exp, why = None, None, ''
    try:
        doc = json.loads(p.stdout)
        for f in doc['findings']:
            if f['probe'] == 'spf-sender':
                result = f.get('spf_result')
                why = f['summary']
                for line in f['detail'].split('\n'):
                    if line.startswith(EXP_PREFIX):
                        exp = line[len(EXP_PREFIX):]
                        if exp.startswith(EXP_DEFAULT):
                            exp = 'DEFAULT'
    except (ValueError, KeyError) as e:
        why = 'exit %d, no JSON (%s): %s' % (p.returncode, e,
                                             p.stderr.strip()[:300])
    if p.returncode not in (0, 1, 2, 3):    # a crash, a sanitizer report
        result = None
        why = 'exit %d: %s' % (p.returncode, p.stderr.strip()[-600:])
    return result, exp, why, elapsed, p.returncode


def main():
    sendwatch, suite, ports_file, conf, timeout_s = sys.argv[1:6]
    only = set(sys.argv[6:])
    # One resolver timeout plus start-up (ASan, a loaded machine), and
    # less than two timeouts: a case that waits twice fails.
    limit = float(timeout_s) + min(2.0, float(timeout_s) - 0.5)
    ports = {}
    with open(ports_file) as f:
        for line in f:
            i, port = line.split()
            ports[int(i)] = int(port)
    with open(suite, 'rb') as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    jobs = []
    for i, doc in enumerate(docs):
        for name, t in doc['tests'].items():
            if not only or name in only:
                jobs.append((i, doc['description'], name, t))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futs = [pool.submit(run_case, sendwatch, conf, ports[i], t)
                for i, _, _, t in jobs]
        outcomes = [f.result() for f in futs]
    groups = {}
    passed = failed = 0
    slowest = (0.0, '')
    for (i, group, name, t), (result, exp, why, elapsed, rc) in \
            zip(jobs, outcomes):
        want = t['result'] if isinstance(t['result'], list) \
            else [t['result']]
        ok = result in want
        want_exp = t.get('explanation')
        if ok and want_exp is not None and result == 'fail':
            # %{i} nibbles of IPv6 are lower-case per RFC 7208 §7.3; the
            # suite writes them as it wrote the client address.
            ok = exp is not None and exp.lower() == want_exp.lower()
        if elapsed > limit:
            ok = False
            why = 'took %.1fs, over one resolver timeout (%ss)' % (
                elapsed, timeout_s)
        if elapsed > slowest[0]:
            slowest = (elapsed, name)
        g = groups.setdefault(group, [0, 0])
        if ok:
            passed += 1
            g[0] += 1
        else:
            failed += 1
            g[1] += 1
            print('FAIL %s (%s): expected %s%s, got %s%s -- %s' % (
                name, group, '|'.join(want),
                ' "%s"' % want_exp if want_exp else '', result,
                ' "%s"' % exp if exp else '', why))
    print()
    print('| group | passed | failed |')
    print('|---|---|---|')
    for group, (p, f) in groups.items():
        print('| %s | %d | %d |' % (group, p, f))
    print('| **all** | **%d** | **%d** |' % (passed, failed))
    print('slowest case: %s, %.2fs (resolver timeout %ss)' % (
        slowest[1], slowest[0], timeout_s))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
