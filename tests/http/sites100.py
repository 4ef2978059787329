#!/usr/bin/env python3
"""sites100.py: many offices on one deployment, seen from outside.

  sites100.py make WAYPOINT CONF N
      creates sites s000 .. s(N-1) with `waypoint site add NAME --host
      NAME.test`, each given its own name ("Office NAME") and statement
      ("Statement of NAME", /news/statement) by `waypoint --site NAME
      import` of a small export file.
  sites100.py run URL PID N REQUESTS CONNECTIONS
      sends REQUESTS GETs (the home page or the statement) over
      CONNECTIONS kept-alive connections to URL (nginx), each with the
      Host of a random site of the N, and checks that every answer is a
      200 holding that site's name and statement and no other's; an
      unknown Host is answered 421. Meanwhile samples the resident memory
      (RSS, and PSS from /proc/PID/smaps_rollup) of process PID and all
      its descendants (the FastCGI supervisor, its workers and their
      render workers), prints it, and checks it is flat: the last third
      of the run's samples against the middle third (see FLAT_*).

Ends with "sites100: N passed, N failed". tests/bench/sites.py imports
make_sites and group_memory. Only 127.0.0.1 is contacted."""

import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Checks, one_line  # noqa: E402

# Flat means: the mean of the last third of the samples is at most the
# middle third's plus 10% of it plus 4 MiB. The first third is left out:
# each worker thread opens its (bounded) connections to the sites'
# databases, SQLite's page caches and the page cache fill, and glibc's
# per-thread arenas reach their size. After that nothing should grow: a
# leak of 1 KiB a request would add some 3 MiB a third at 10,000
# requests, and grow without end in the long run (make load); the 10%
# is room for the allocator's noise between two samples of processes
# that answer requests while they are measured.
FLAT_RATIO = 0.10
FLAT_SLACK_KIB = 4096
SAMPLE_EVERY = 0.1
PATHS = ("/", "/news/statement")
# Sites made at once: `site add` and `import` wait on fsync. Fewer for
# a sanitizer build (sites100.sh): an import's Markdown is rendered by a
# worker under a time limit, which eight slowed-down imports at once on
# two cores can overrun.
MAKERS = int(os.environ.get("SITES100_MAKERS", "8"))


def site_name(i):
    return "s%03d" % i


def site_lines(name):
    """The export file that gives site name its own name and statement
    (docs/import-export.md)."""
    lines = [
        {"waypoint": "export", "version": 1},
        {"type": "setting", "lang": "en", "key": "site_name",
         "value": "Office %s" % name},
        {"type": "news", "lang": "en", "slug": "statement",
         "title": "Statement of %s" % name, "dateline": "Budapest",
         "pub_date": "2026-01-05", "summary": "What %s says." % name,
         "body_md": "The statement of office %s." % name,
         "status": "published"},
    ]
    return "".join(json.dumps(x) + "\n" for x in lines)


def make_site(waypoint, conf, name, tmp, cwd):
    """Adds site name and imports its name and statement. None, or what
    went wrong."""
    cmds = [[waypoint, "--config", conf, "site", "add", name, "--host",
             name + ".test"],
            [waypoint, "--config", conf, "--site", name, "import",
             os.path.join(tmp, name + ".jsonl")]]
    with open(cmds[1][-1], "w") as f:
        f.write(site_lines(name))
    for cmd in cmds:
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
        if r.returncode != 0:
            return "%s: exit status %d: %s" % (
                " ".join(cmd[3:]), r.returncode, one_line(r.stdout +
                                                          r.stderr))
    return None


def make_sites(waypoint, conf, n, out=sys.stdout, cwd=None):
    """Creates sites s000 .. s(n-1) over conf's [paths] sites, each with
    its own name and statement, running waypoint in folder cwd (where a
    site's default database, var/sites/NAME/, goes), MAKERS at a time
    (each waits mostly on fsync). Returns None, or what went wrong."""
    with tempfile.TemporaryDirectory(prefix="waypoint-sites100-") as tmp:
        with ThreadPoolExecutor(MAKERS) as pool:
            whys = list(pool.map(lambda i: make_site(
                waypoint, conf, site_name(i), tmp, cwd), range(n)))
    whys = [w for w in whys if w is not None]
    if whys:
        return "%d of %d sites failed; the first: %s" % (len(whys), n,
                                                         whys[0])
    print("# %d sites added, each with its statement" % n, file=out)
    return None


def descendants(pid):
    """pid and every process below it."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, task)) as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return found


def group_memory(pid):
    """(RSS, PSS, processes) of pid and its descendants, in KiB. PSS
    shares each page among the processes that map it, so the workers'
    common pages (the binary, libraries, what fork() left shared) count
    once in the sum; RSS counts them in each."""
    rss = pss = n = 0
    for p in descendants(pid):
        try:
            with open("/proc/%d/smaps_rollup" % p) as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            n += 1
        except OSError:
            pass    # exited between the listing and the reading
    return rss, pss, n


class Sampler(threading.Thread):
    """Samples group_memory(pid) every SAMPLE_EVERY s until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.samples = []
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            self.samples.append(group_memory(self.pid))
            self.halt.wait(SAMPLE_EVERY)

    def stop(self):
        self.halt.set()
        self.join()
        self.samples.append(group_memory(self.pid))


class Load:
    """REQUESTS requests over CONNECTIONS threads, each its own kept-alive
    connection, tallied by outcome."""

    def __init__(self, host, port, n, requests, conns):
        self.host, self.port, self.n = host, port, n
        self.left = requests
        self.conns = conns
        self.lock = threading.Lock()
        self.ok = self.cross = self.wrong = self.errors = 0
        self.first_bad = []
        self.per_site = [0] * n

    def _take(self):
        with self.lock:
            if self.left == 0:
                return False
            self.left -= 1
            return True

    def _bad(self, what):
        with self.lock:
            if len(self.first_bad) < 5:
                self.first_bad.append(what)

    def _judge(self, i, path, status, body):
        """Tallies one answer for site i to path."""
        want = site_name(i)
        text = body.decode("utf-8", "replace")
        names = set(re.findall(r"Office (s\d{3})", text))
        stmts = set(re.findall(r"Statement of (s\d{3})", text))
        with self.lock:
            self.per_site[i] += 1
            if (names | stmts) - {want}:
                self.cross += 1
            elif status == 200 and names == {want} and stmts == {want}:
                self.ok += 1
                return
            else:
                self.wrong += 1
        title = re.search(r"<title>([^<]*)", text)
        self._bad("%s%s: status %d, names %s, statements %s, title %r, "
                  "%d bytes" % (want, path, status, sorted(names),
                                sorted(stmts), title and title.group(1),
                                len(body)))

    def _worker(self, seed):
        rnd = random.Random(seed)
        conn = None
        while self._take():
            i = rnd.randrange(self.n)
            path = rnd.choice(PATHS)
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(self.host, self.port,
                                                      timeout=30)
                conn.request("GET", path,
                             headers={"Host": site_name(i) + ".test"})
                rs = conn.getresponse()
                body = rs.read()
                if rs.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
                self._judge(i, path, rs.status, body)
            except (OSError, http.client.HTTPException) as e:
                with self.lock:
                    self.errors += 1
                self._bad("%s %s: %s" % (site_name(i), path, e))
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    def run(self):
        ts = [threading.Thread(target=self._worker, args=(k,))
              for k in range(self.conns)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()


def mib(kib):
    return "%.1f MiB" % (kib / 1024)


def memory_report(c, samples):
    """Prints the memory over the run and checks the last third against
    the middle third, for RSS and PSS."""
    third = len(samples) // 3
    if not c.check("memory sampled over the run", third >= 2,
                   "%d samples" % len(samples)):
        return
    procs = sorted(set(s[2] for s in samples))
    print("# memory of the process group (%s processes), %d samples "
          "every %.1f s:" % ("/".join(map(str, procs)), len(samples),
                             SAMPLE_EVERY))
    for k, what in ((0, "RSS"), (1, "PSS")):
        vals = [s[k] for s in samples]
        parts = [vals[:third], vals[third:2 * third], vals[2 * third:]]
        means = [statistics.mean(p) for p in parts]
        print("#   %s: start %s, max %s, end %s; thirds' means %s" % (
            what, mib(vals[0]), mib(max(vals)), mib(vals[-1]),
            ", ".join(mib(m) for m in means)))
        limit = means[1] * (1 + FLAT_RATIO) + FLAT_SLACK_KIB
        if os.environ.get("SITES100_SAN"):
            print("#   not judged: a sanitizer build's memory (ASan "
                  "holds freed memory in its quarantine)")
            continue
        c.check("%s flat: last third %s <= middle third %s + %d%% + %s" % (
            what, mib(means[2]), mib(means[1]), FLAT_RATIO * 100,
            mib(FLAT_SLACK_KIB)), means[2] <= limit,
            "grew %s" % mib(means[2] - means[1]))


def run(url, pid, n, requests, conns):
    c = Checks("sites100")
    u = urlsplit(url)
    host, port = u.hostname, u.port or 80

    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", "/", headers={"Host": "unknown.test"})
    rs = conn.getresponse()
    body = rs.read()
    conn.close()
    c.check("an unknown Host is answered 421, with no office's content",
            rs.status == 421 and b"Office s" not in body
            and b"Statement of s" not in body, "status %d" % rs.status)

    load = Load(host, port, n, requests, conns)
    sampler = Sampler(pid)
    sampler.start()
    t0 = time.monotonic()
    load.run()
    took = time.monotonic() - t0
    sampler.stop()

    print("# %d requests over %d connections, %d sites, in %.1f s "
          "(%.0f a second)" % (requests, conns, n, took, requests / took))
    print("# answers: %d right, %d another office's, %d wrong, %d "
          "errors" % (load.ok, load.cross, load.wrong, load.errors))
    for b in load.first_bad:
        print("#   e.g. %s" % b)
    c.check("no answer holds another office's name or statement",
            load.cross == 0, "%d did" % load.cross)
    c.check("every answer is a 200 with its office's name and statement",
            load.ok == requests, "%d of %d (%d wrong, %d errors)" % (
                load.ok, requests, load.wrong, load.errors))
    c.check("every site was asked", min(load.per_site) > 0,
            "%d never" % load.per_site.count(0))
    memory_report(c, sampler.samples)
    return c.finish()


def main():
    a = sys.argv[1:]
    if len(a) == 4 and a[0] == "make":
        why = make_sites(os.path.abspath(a[1]), a[2], int(a[3]))
        c = Checks("sites100 make")
        c.check("%s sites added with `waypoint site add` and `--site NAME "
                "import`" % a[3], why is None, why or "")
        sys.exit(c.finish())
    if len(a) == 6 and a[0] == "run":
        sys.exit(run(a[1], int(a[2]), int(a[3]), int(a[4]), int(a[5])))
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
