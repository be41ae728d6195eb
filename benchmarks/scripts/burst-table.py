#!/usr/bin/env python3
"""Rebuilds the burst part's table from the 'burst: round ...' lines of a run's console log,
for a run that stopped before its last round (same arithmetic as BurstRunner)."""
import re, statistics, sys

runs = {}
for line in open(sys.argv[1]):
    m = re.match(r'burst: round (\d+), +(\d+) B, (ProducerPerformance|app (\S+)) \{(.*)\}', line)
    if not m:
        continue
    values = {k: float(v) for k, v in re.findall(r'(\w+)=([-\d.E]+)', m.group(5))}
    client = m.group(3)
    if client == 'ProducerPerformance' and values['recordsPerSec'] < 10:
        key = 'pp-start-stop'
    elif client.startswith('app') and values.get('records', 1) == 0:
        key = 'app-start-stop'
    else:
        key = (client, int(m.group(2)))
    runs.setdefault(key, []).append(values)

med = statistics.median
pp_cpu0 = med(r['cpuTotalNanos'] for r in runs['pp-start-stop'])
pp_alloc0 = med(r['allocatedBytes'] for r in runs['pp-start-stop'])
app_cpu0 = med(r['cpuTotalNanos'] for r in runs['app-start-stop'])
print(f"start/stop CPU: PP {pp_cpu0/1e9:.2f} s, app {app_cpu0/1e9:.2f} s; PP start/stop allocation {pp_alloc0/1e6:.1f} MB; "
      f"rounds: {len(runs['pp-start-stop'])}")
print("| size | N | client | records/s | ratio | CPU µs/rec whole | CPU µs/rec start/stop subtracted | ratio to PP whole / PP subtracted "
      "| CPU µs/rec burst only | alloc B/rec | − value | longest publish ms, median (max) | GC pauses, total ms, max ms (median, median, max) | longest publish during a GC |")
print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
sizes = sorted({k[1] for k in runs if isinstance(k, tuple)})
clients = ['ProducerPerformance'] + sorted({k[0] for k in runs if isinstance(k, tuple) and k[0] != 'ProducerPerformance'})
for size in sizes:
    pp = runs[('ProducerPerformance', size)]
    n = pp[0].get('records') or None
    app_any = next(runs[(c, size)] for c in clients if c != 'ProducerPerformance' and (c, size) in runs)
    n = int(app_any[0]['records'])
    pp_rate = med(r['recordsPerSec'] for r in pp)
    pp_whole = med(r['cpuTotalNanos'] for r in pp) / n / 1e3
    pp_sub = (med(r['cpuTotalNanos'] for r in pp) - pp_cpu0) / n / 1e3
    for c in clients:
        rs = runs.get((c, size))
        if not rs:
            continue
        rates = [r['recordsPerSec'] for r in rs]
        rate = med(rates)
        whole = med(r['cpuTotalNanos'] for r in rs) / n / 1e3
        is_pp = c == 'ProducerPerformance'
        sub = pp_sub if is_pp else (med(r['cpuTotalNanos'] for r in rs) - app_cpu0) / n / 1e3
        alloc = (med(r['allocatedBytes'] for r in rs) - pp_alloc0) / n if is_pp else med(r['allocatedBytes'] for r in rs) / n
        row = [str(size), str(n), c + (f" ({len(rs)} runs)" if len(rs) != len(pp) else ''),
               f"{rate:.0f} ({min(rates):.0f}–{max(rates):.0f})", f"{rate/pp_rate:.2f}", f"{whole:.2f}", f"{sub:.2f}",
               f"{sub/pp_whole:.2f} / {sub/pp_sub:.2f}"]
        if is_pp:
            row += ['–', f"{alloc:.0f}", f"{alloc-size:.0f}", '–', '–', '–']
        else:
            row += [f"{med(r['cpuBurstNanos'] for r in rs)/n/1e3:.2f}", f"{alloc:.0f}", f"{alloc-size:.0f}",
                    f"{med(r['maxPublishMicros'] for r in rs)/1e3:.1f} ({max(r['maxPublishMicros'] for r in rs)/1e3:.1f})",
                    f"{med(r['gcPauses'] for r in rs):.0f}, {med(r['gcPauseMillis'] for r in rs):.0f}, {max(r['gcMaxPauseMillis'] for r in rs):.0f}",
                    f"{sum(r['maxPublishDuringGc'] for r in rs):.0f} of {len(rs)}"]
        print('| ' + ' | '.join(row) + ' |')
