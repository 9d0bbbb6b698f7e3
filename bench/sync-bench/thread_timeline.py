#!/usr/bin/env python3
"""Per-thread CPU and timeline of sync-bench's initial sync (docs/performance.md, Sync, "Fifth round").

  thread_timeline.py run OUT.tsv -- sync-bench [options]   runs the bench; every ~50 ms samples each thread of it and
                                                           of its lounge-central child: on-CPU and run-queue ns
                                                           (/proc/PID/task/TID/schedstat), state (R/S/D, D with wchan)
  thread_timeline.py show OUT.tsv [BIN_SECONDS]           the initial sync's window (between the bench's "anchor 1"
                                                           and "initial sync:" lines): per thread on-CPU and run-queue
                                                           seconds, the store thread's states, and a timeline (% of one
                                                           core per bin). The store thread is the bench's main thread.
Load-independent readings: on-CPU seconds per thread; the share of samples in S (the store thread idle, waiting for a
page) and D (in the kernel on disk I/O). Run-queue time is the machine's load, not the sync's."""
import collections, os, subprocess, sys, time


def run(out, cmd):
    # Bytes, read without blocking: a text wrapper over a non-blocking pipe raises TypeError when no data is there.
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=0)
    os.set_blocking(p.stdout.fileno(), False)

    def read():
        try:
            return (p.stdout.read() or b'').decode('utf-8', 'replace')
        except BlockingIOError:
            return ''

    t0 = time.monotonic()
    rows, marks, buf = [], [], ''

    def children(pid):
        try:
            with open(f'/proc/{pid}/task/{pid}/children') as f:
                return [int(x) for x in f.read().split()]
        except OSError:
            return []

    def sample(pid, role, t):
        try:
            tids = os.listdir(f'/proc/{pid}/task')
        except OSError:
            return
        for tid in tids:
            base = f'/proc/{pid}/task/{tid}'
            try:
                comm = open(f'{base}/comm').read().strip()
                run_ns, wait_ns, _ = open(f'{base}/schedstat').read().split()
                state = open(f'{base}/stat').read().rsplit(')', 1)[1].split()[0]
                if state == 'D':
                    state = 'D:' + open(f'{base}/wchan').read().strip()
            except OSError:
                continue
            rows.append((t, role, tid, comm, run_ns, wait_ns, state))

    while True:
        t = time.monotonic() - t0
        chunk = read()
        if chunk:
            buf += chunk
            while '\n' in buf:
                line, buf = buf.split('\n', 1)
                print(f'[{t:8.2f}] {line}', flush=True)
                marks.append((t, line))
        if p.poll() is not None:
            for line in (buf + read()).splitlines():
                print(f'[{t:8.2f}] {line}', flush=True)
                marks.append((t, line))
            break
        sample(p.pid, 'term', t)
        for c in children(p.pid):
            sample(c, 'central', t)
        time.sleep(0.05)
    with open(out, 'w') as f:
        f.writelines('\t'.join(str(x) for x in r) + '\n' for r in rows)
    with open(out + '.marks', 'w') as f:
        f.writelines(f'{t:.3f}\t{line}\n' for t, line in marks)
    return p.returncode


def show(path, binsec):
    marks = [l.rstrip('\n').split('\t', 1) for l in open(path + '.marks')]
    t_start = next(float(t) for t, l in marks if l.startswith('anchor 1'))
    t_end = next(float(t) for t, l in marks if l.startswith('initial sync:'))
    series = collections.defaultdict(list)
    for line in open(path):
        t, role, tid, comm, run_ns, wait_ns, state = line.rstrip('\n').split('\t')
        series[(role, tid, comm)].append((float(t), int(run_ns), int(wait_ns), state))

    def name(k):
        role, _, comm = k
        if role == 'term' and comm == 'sync-bench':
            return 'store (main thread)'
        if role == 'term' and comm.startswith('lounge.sync.fe'):
            return 'feed thread'
        return f'{role}:{comm}'

    def at(s, t):
        best = s[0]
        for x in s:
            if x[0] > t:
                break
            best = x
        return best

    cpu, rq = collections.Counter(), collections.Counter()
    for k, s in series.items():
        a, b = at(s, t_start), at(s, t_end)
        cpu[name(k)] += (b[1] - a[1]) / 1e9
        rq[name(k)] += (b[2] - a[2]) / 1e9
    wall = t_end - t_start
    print(f'initial sync window {t_start:.2f}-{t_end:.2f} s ({wall:.2f} s)')
    for n, v in cpu.most_common():
        if v > 0.005:
            print(f'  {n:28s} on-CPU {v:8.3f} s  run-queue {rq[n]:8.3f} s')
    states = collections.Counter()
    for k, s in series.items():
        if name(k).startswith('store'):
            states.update(x[3] if not x[3].startswith('D') else 'D' for x in s if t_start < x[0] < t_end)
    n = sum(states.values()) or 1
    print('  store thread samples: ' + ', '.join(f'{k} {100 * v / n:.0f} %' for k, v in sorted(states.items()))
          + f' (n={n}; R running or runnable, S idle, D disk)')
    keys = [k for k in series if cpu[name(k)] > 0.02]
    names = sorted({name(k) for k in keys})
    print(f'timeline, % of one core per {binsec:.2f} s:  ' + ' | '.join(names))
    t = t_start
    while t < t_end - 1e-9:
        u = min(t + binsec, t_end)
        row = collections.Counter()
        for k in keys:
            row[name(k)] += (at(series[k], u)[1] - at(series[k], t)[1]) / 1e9 / (u - t) * 100
        print(f'  {t - t_start:7.2f}  ' + '  '.join(f'{row[n]:5.0f}' for n in names))
        t = u


if __name__ == '__main__':
    if len(sys.argv) >= 4 and sys.argv[1] == 'run' and sys.argv[3] == '--':
        sys.exit(run(sys.argv[2], sys.argv[4:]))
    if len(sys.argv) >= 3 and sys.argv[1] == 'show':
        show(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 1.0)
        sys.exit(0)
    print(__doc__)
    sys.exit(2)
