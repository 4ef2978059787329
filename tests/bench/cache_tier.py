#!/usr/bin/env python3
"""cache_tier.py WAYPOINT: `make bench`'s numbers of issue 17's cache tier.
The statement at 32 connections (wrk), (a) from nginx as a static file of
the same bytes, against (b) through nginx with conf/nginx-cache.conf in
front of `waypoint fcgi`, the cache warm, and once `waypoint fcgi` is
stopped and the copies have expired (served stale:
fastcgi_cache_use_stale error, and stale-if-error): (c1) while its
socket is held, as conf/systemd/waypoint.socket holds it while systemd
restarts a Waypoint that failed (a refresh waits in the socket's
backlog), and (c) once the socket is gone too, as after `systemctl stop
waypoint` (each refresh fails at once). conf/nginx.conf keeps the cache's
files open (open_file_cache), which a static server can do too: (a2) is
the static file with the same setting. Rounds interleave a a2 b, then
a a2 c1, then a a2 c; prints the medians and the ratios to a (target 0.9
each) and to a2. s-maxage is 2 s, so while Waypoint runs nginx refreshes
the page in the background every 2 s. The socket is this bench's, passed
to `waypoint fcgi` as systemd passes it (LISTEN_FDS). Reuses
tests/bench/run.py's helpers; only 127.0.0.1 is contacted."""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import urllib.request

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import run as R  # noqa: E402

MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
CONNS = 32


def nginx_conf(ngx, html, pa, pa2, pb, purge, sock):
    """Writes ngx/nginx.conf: (a) a static server on pa, (a2) the same
    with open_file_cache on pa2, and on pb conf/nginx.conf's server with
    conf/nginx-cache.conf."""
    with open(os.path.join(R.REPO, "conf", "nginx.conf")) as f:
        server = (f.read().replace("@ROOT@", R.REPO)
                  .replace("@MEDIA@", os.path.join(ngx, "media"))
                  .replace("@LISTEN@", "127.0.0.1:%d" % pb)
                  .replace("@SOCKET@", sock))
    with open(os.path.join(R.REPO, "conf", "nginx-cache.conf")) as f:
        cache = (f.read().replace("@CACHE@", os.path.join(ngx, "cache"))
                 .replace("@PURGE@", "127.0.0.1:%d" % purge))
    for name, text in (("waypoint.conf", server), ("cache.conf", cache)):
        with open(os.path.join(ngx, name), "w") as f:
            f.write(text)
    R.write_nginx_conf(ngx, """server {{
	listen 127.0.0.1:{pa};
	root {html};
	default_type text/html;
	location / {{ try_files $uri.html =404; }}
}}
server {{
	listen 127.0.0.1:{pa2};
	root {html};
	default_type text/html;
	open_file_cache max=256 inactive=60s;
	location / {{ try_files $uri.html =404; }}
}}
include cache.conf;
include waypoint.conf;
""".format(pa=pa, pa2=pa2, html=html), modules=[MODULE])


def start_activated(waypoint, conf, held):
    """`waypoint fcgi` on the listening socket held, as fd 3 with
    LISTEN_PID and LISTEN_FDS, as systemd's socket activation starts it;
    the socket stays this bench's once Waypoint stops."""
    env = dict(os.environ, LISTEN_FDS="1")
    fd = held.fileno()
    # The shell puts it at fd 3 whatever this process numbered it.
    return subprocess.Popen(
        ["sh", "-c", 'exec 3<&"$0"; export LISTEN_PID=$$; exec "$@"',
         str(fd), waypoint, "--config", conf, "fcgi"], env=env,
        pass_fds=(fd,))


def expire(url, body):
    """Waits past s-maxage and stale-while-revalidate (a wrk round at one
    connection each time): each copy is then stale, and only
    stale-if-error (or use_stale error) serves it, with its body."""
    for _ in range(3):
        R.wrk(url, 1)
    with urllib.request.urlopen(url, timeout=5) as rs:
        assert rs.status == 200 and rs.read() == body


def tries(ngx):
    """Attempts nginx has logged to reach the backend and failed."""
    with open(os.path.join(ngx, "error.log"), errors="replace") as f:
        return sum(1 for ln in f if "connect() to unix:" in ln
                   or "upstream timed out" in ln)


def measure(pairs):
    """wrk at CONNS over each (key, url) of pairs, R.ROUNDS times
    interleaved; the median requests per second of each key."""
    runs = {}
    for _ in range(R.ROUNDS):
        for key, url in pairs:
            runs.setdefault(key, []).append(R.wrk(url, CONNS)[0])
    return {k: statistics.median(v) for k, v in runs.items()}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: cache_tier.py WAYPOINT")
    if not os.path.exists(MODULE):
        sys.exit("bench: no %s (make test-deps installs it)" % MODULE)
    waypoint = os.path.abspath(sys.argv[1])
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    tmp = tempfile.mkdtemp(prefix="waypoint-bench-cache-")
    os.chmod(tmp, 0o755)
    procs = []
    try:
        pa, pa2, pb, purge = (R.free_port(), R.free_port(), R.free_port(),
                              R.free_port())
        conf = R.site_conf(
            waypoint, tmp, pb, extra="[fcgi]\nsocket_mode = 0666\n"
            "[cache]\ns_maxage = 2\nstale_while_revalidate = 2\n"
            "stale_if_error = 3600\npurge_url = http://127.0.0.1:%d/purge\n"
            % purge)
        sock = os.path.join(tmp, "waypoint.sock")
        held = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        held.bind(sock)
        os.chmod(sock, 0o666)
        held.listen(1024)
        fcgi = start_activated(waypoint, conf, held)
        procs.append(fcgi)
        ngx = os.path.join(tmp, "nginx")
        html = os.path.join(tmp, "html")
        os.makedirs(os.path.join(ngx, "cache"))
        os.makedirs(html)
        nginx_conf(ngx, html, pa, pa2, pb, purge, sock)
        ngxp = subprocess.Popen([nginx, "-p", ngx + "/", "-c",
                                 os.path.join(ngx, "nginx.conf"), "-e",
                                 os.path.join(ngx, "error.log")])
        procs.append(ngxp)
        R.wait_port(pa, ngxp)
        R.wait_port(pa2, ngxp)
        R.wait_port(pb, ngxp)
        R.wait_answer(pb, fcgi, "waypoint fcgi")

        cached = "http://127.0.0.1:%d%s" % (pb, R.STATEMENT)
        body = urllib.request.urlopen(cached, timeout=5).read()
        with open(os.path.join(html, "statement.html"), "wb") as f:
            f.write(body)
        subprocess.run(["chmod", "-R", "a+rX", tmp], check=True)
        static = "http://127.0.0.1:%d/statement" % pa
        static2 = "http://127.0.0.1:%d/statement" % pa2
        for url in (static, static2):
            assert urllib.request.urlopen(url, timeout=5).read() == body

        up = measure([("a", static), ("a2", static2), ("b", cached)])
        R.stop(fcgi)
        expire(cached, body)
        waiting = measure([("a", static), ("a2", static2), ("c1", cached)])
        tries_c1 = tries(ngx)
        held.close()
        os.unlink(sock)
        expire(cached, body)
        down = measure([("a", static), ("a2", static2), ("c", cached)])

        print()
        print("The statement at %d connections, wrk %d s a run, %d rounds "
              "interleaved; medians" % (CONNS, R.SECONDS, R.ROUNDS))
        print("(a) nginx static file, (a2) the same with open_file_cache, "
              "(b) nginx cache with waypoint fcgi up, (c1) the same, "
              "waypoint fcgi stopped, its socket held, (c) the socket "
              "gone too")
        print("%-26s %10s %10s %10s %6s %6s" % (
            "", "a req/s", "a2 req/s", "x req/s", "x/a", "x/a2"))
        for name, key, d in (("b: cache warm, backend up", "b", up),
                             ("c1: stopped, socket held", "c1", waiting),
                             ("c: stopped, socket gone", "c", down)):
            print("%-26s %10.0f %10.0f %10.0f %6.2f %6.2f" % (
                name, d["a"], d["a2"], d[key], d[key] / d["a"],
                d[key] / d["a2"]))
        print("target: b/a, c1/a and c/a >= 0.9")
        print("tries to reach the stopped backend (nginx's error log): "
              "(c1) %d, (c) %d" % (tries_c1, tries(ngx) - tries_c1))
    finally:
        for p in reversed(procs):
            R.stop(p)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
