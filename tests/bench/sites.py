#!/usr/bin/env python3
"""sites.py WAYPOINT: `make bench`'s rows for many offices on one
deployment. Two deployments, each one `waypoint fcgi` (2 processes)
behind the same nginx (conf/nginx.conf): (m) 100 sites, made with `site
add` and given each its own name and statement as tests/http/sites100.py
makes them, and (o) one site alone, made the same way. For each:

  - the first request after start: the responder started and its
    workers woken by WARM requests for a host no site has (a 421, which
    opens no database: what is measured is a site's first request, not
    a process's), then the statement of each site asked once, one
    request at a time, in a random order (m: 100 first requests, one a
    site; o: the one site's, over RESTARTS starts): median and p99;
  - a random mix at 32 connections for BENCH_SECONDS (5) with wrk: each
    request the home page or the statement, with a random site's Host
    (o: its one site's): requests a second, p50 and p99, the median of
    BENCH_ROUNDS (3) runs interleaved m o;
  - the same mix over only the first 8 and 16 sites of m: where each
    worker thread's connections (a bounded number, src/site.h) stop
    holding every site asked;
  - the resident memory (RSS) of each responder's processes after it.

Printed side by side with the ratios m/o. Only 127.0.0.1 is contacted."""

import http.client
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "http"))
from run import (free_port, server_block, stop, to_ms,  # noqa: E402
                 wait_port, write_nginx_conf)
from sites100 import group_memory, make_sites, site_name  # noqa: E402

SITES = 100
RESTARTS = 10
WARM = 32
# The mix also over the first few sites of m only.
SUBSETS = (8, 16)
CONNS = 32
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
STATEMENT = "/news/statement"

# Each request a random site's Host (wrk's Lua; the sites' count is
# filled in), the home page or the statement.
MIX_LUA = """
local n = %d
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
function request()
	local host = string.format("s%%03d.test", math.random(0, n - 1))
	local path = math.random(2) == 1 and "/" or "%s"
	return wrk.format("GET", path, { Host = host })
end
"""


class Deployment:
    """A sites folder of n sites under folder tmp/name, and its waypoint
    fcgi on a socket there."""

    def __init__(self, waypoint, tmp, name, n):
        self.waypoint, self.n = waypoint, n
        self.dir = os.path.join(tmp, name)
        os.makedirs(os.path.join(self.dir, "sites"))
        self.sock = os.path.join(self.dir, "waypoint.sock")
        self.conf = os.path.join(self.dir, "waypoint.conf")
        with open(self.conf, "w") as f:
            f.write("[paths]\ndatabase = %s/waypoint.db\nsites = %s/sites\n"
                    "templates = %s/www/templates\nstatic = %s/www/static\n"
                    "log_file = %s/waypoint.log\n"
                    "[fcgi]\nsocket = %s\nsocket_mode = 0666\n"
                    "processes = 2\n"
                    # As README.md says to give 100 sites: 64 KiB each.
                    "[cache]\nmax_mib = 8\n" % (
                        self.dir, self.dir, REPO, REPO, self.dir,
                        self.sock))
        why = make_sites(waypoint, self.conf, n, out=open(os.devnull, "w"),
                         cwd=self.dir)
        if why is not None:
            sys.exit("bench: %s" % why)
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [self.waypoint, "--config", self.conf, "fcgi"], cwd=self.dir,
            stdout=subprocess.DEVNULL)

    def stop(self):
        stop(self.proc)
        self.proc = None


def get(port, host, path):
    """One GET on a new connection; its time in ms. Exits on anything but
    a 200 holding the site's statement."""
    t = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path, headers={"Host": host})
    rs = c.getresponse()
    body = rs.read()
    c.close()
    ms = (time.perf_counter() - t) * 1000
    want = ("Statement of %s" % host.split(".")[0]).encode()
    if rs.status != 200 or want not in body:
        sys.exit("bench: %s%s answered %d without its statement" % (
            host, path, rs.status))
    return ms


def misdirected(port):
    """Whether a GET for a host no site has is answered 421 (no site's
    database is opened for it)."""
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/", headers={"Host": "nosuch.test"})
        status = c.getresponse().status
        c.close()
        return status == 421
    except OSError:
        return False


def wait_ready(port, proc):
    """Waits up to 15 s until nginx on port gets a 421 from the responder
    proc, then sends WARM more over 8 connections at once, so that every
    worker process and thread has answered one."""
    end = time.time() + 15
    while True:
        if misdirected(port):
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda _: misdirected(port), range(WARM)))
            return
        if time.time() > end or proc.poll() is not None:
            sys.exit("bench: waypoint fcgi does not answer through nginx")
        time.sleep(0.05)


def first_requests(dep, port, starts):
    """Starts dep's responder starts times; each time asks every site's
    statement once, in a random order. The times, in ms."""
    times = []
    for _ in range(starts):
        dep.start()
        wait_ready(port, dep.proc)
        order = list(range(dep.n))
        random.shuffle(order)
        for i in order:
            times.append(get(port, site_name(i) + ".test", STATEMENT))
        dep.stop()
    return times


def wrk_mix(port, lua):
    out = subprocess.run(
        ["wrk", "-t2", "-c%d" % CONNS, "-d%ds" % SECONDS, "--latency", "-s",
         lua, "http://127.0.0.1:%d/" % port], capture_output=True,
        text=True, timeout=SECONDS + 30).stdout
    try:
        rps = float(out.split("Requests/sec:")[1].split()[0])
        lat = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] in ("50%", "99%"):
                lat[parts[0]] = to_ms(parts[1])
        p50, p99 = lat["50%"], lat["99%"]
    except (IndexError, KeyError, ValueError):
        sys.exit("bench: cannot read wrk's output:\n%s" % out)
    if "Non-2xx" in out or "Socket errors" in out:
        print("  warning: %s" % " ".join(
            line.strip() for line in out.splitlines()
            if "Non-2xx" in line or "Socket errors" in line))
    return rps, p50, p99


def p99(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))]


def nginx_conf(ngx, ports_socks):
    """nginx.conf under folder ngx: conf/nginx.conf's server once per
    (port, socket)."""
    with open(os.path.join(REPO, "conf", "nginx.conf")) as f:
        text = (f.read().replace("@ROOT@", REPO)
                .replace("@MEDIA@", os.path.join(ngx, "media")))
    servers = ""
    for k, (port, sock) in enumerate(ports_socks):
        t = text.replace("@LISTEN@", "127.0.0.1:%d" % port).replace(
            "@SOCKET@", sock)
        servers += t if k == 0 else server_block(
            t.replace("default_server", ""))
    with open(os.path.join(ngx, "waypoint.conf"), "w") as f:
        f.write(servers)
    return write_nginx_conf(ngx, "include waypoint.conf;\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: sites.py WAYPOINT")
    waypoint = os.path.abspath(sys.argv[1])
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    tmp = tempfile.mkdtemp(prefix="waypoint-bench-sites-")
    os.chmod(tmp, 0o755)
    ngxp = None
    deps = {}
    try:
        t = time.monotonic()
        deps["m"] = Deployment(waypoint, tmp, "many", SITES)
        made = time.monotonic() - t
        deps["o"] = Deployment(waypoint, tmp, "one", 1)
        ports = {"m": free_port(), "o": free_port()}
        ngx = os.path.join(tmp, "nginx")
        os.makedirs(ngx)
        conf = nginx_conf(ngx, [(ports[k], deps[k].sock) for k in "mo"])
        ngxp = subprocess.Popen([nginx, "-p", ngx + "/", "-c", conf, "-e",
                                 os.path.join(ngx, "error.log")])
        for k in "mo":
            wait_port(ports[k], ngxp)

        first = {"m": first_requests(deps["m"], ports["m"], 1),
                 "o": first_requests(deps["o"], ports["o"], RESTARTS)}

        lua = {}
        for k, n in (("m", SITES), ("o", 1)) + tuple(
                ("m%d" % n, n) for n in SUBSETS):
            lua[k] = os.path.join(tmp, "mix-%s.lua" % k)
            with open(lua[k], "w") as f:
                f.write(MIX_LUA % (n, STATEMENT))
        for k in "mo":
            deps[k].start()
            wait_ready(ports[k], deps[k].proc)
        mix = {k: [] for k in lua}
        rss = {}
        for _ in range(ROUNDS):
            for k in lua:
                mix[k].append(wrk_mix(ports[k[0]], lua[k]))
        for k in "mo":
            rss[k] = group_memory(deps[k].proc.pid)[0]
            deps[k].stop()

        print()
        print("(m) %d sites on one waypoint fcgi, (o) one site alone; both "
              "2 processes behind nginx" % SITES)
        print("%d sites made with `site add` and `--site NAME import` in "
              "%.1f s" % (SITES, made))
        med = {k: [statistics.median(r[i] for r in mix[k])
                   for i in range(3)] for k in mix}
        rows = [
            ("first request after start, median ms",
             statistics.median(first["m"]), statistics.median(first["o"])),
            ("first request after start, p99 ms", p99(first["m"]),
             p99(first["o"])),
            ("first request of m's first site asked, ms", first["m"][0],
             statistics.median(first["o"])),
            ("mix at %d conns, req/s" % CONNS, med["m"][0], med["o"][0]),
            ("mix at %d conns, p50 ms" % CONNS, med["m"][1], med["o"][1]),
            ("mix at %d conns, p99 ms" % CONNS, med["m"][2], med["o"][2]),
        ] + [row for n in SUBSETS for row in (
            ("mix over %d of m's sites, req/s" % n, med["m%d" % n][0],
             med["o"][0]),
            ("mix over %d of m's sites, p99 ms" % n, med["m%d" % n][2],
             med["o"][2]))] + [
            ("RSS of the responder's processes, MiB", rss["m"] / 1024,
             rss["o"] / 1024),
        ]
        print("%-40s %10s %10s %7s" % ("", "m", "o", "m/o"))
        for name, m, o in rows:
            print("%-40s %10.2f %10.2f %7.2f" % (name, m, o,
                                                 m / o if o else 0))
        print("(o's first request is its process's first page too: "
              "templates, catalogs and dates used for the first time; m's "
              "first site asked pays the same, the others find it done)")
        print("(first requests: m one a site, %d; o %d starts. mix: wrk "
              "-t2 -c%d, %d s, median of %d rounds; / or %s, with a random "
              "site's Host)" % (
                  SITES, RESTARTS, CONNS, SECONDS, ROUNDS, STATEMENT))
    finally:
        for d in deps.values():
            d.stop()
        stop(ngxp)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
