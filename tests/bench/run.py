#!/usr/bin/env python3
"""run.py WAYPOINT: `make bench`. Measures, side by side in one interleaved
run, (a) nginx serving the same bytes as static files, (b) nginx in front of
`waypoint fcgi`, (c) `waypoint serve`, and for the statement also the
ceilings of each transport: (d) bare_mhd, libmicrohttpd with serve's options
answering the statement's very bytes (headers too) from memory, and (e)
bare_fcgi, libfcgi doing the same behind the same nginx (both built beside
WAYPOINT by `make bench`, from tests/bench/bare_*.c), for three public
URLs at 1 and 32 connections and the statement under /hu/ (a site of
three languages, the statement in English only: the marked fallback), the
Atom feed, the sitemap, /events, an event and its .ics file, the
statement in both languages also with Accept-Encoding: gzip on all three
(nginx sending the .gz file beside it through gzip_static, Waypoint its
cached gzip copy), and prints requests per second, p50/p99 latency, resident
memory and the ratios b/a and c/a, and beside them c/d and b/e: each
transport against its ceiling. Then, for b and c, the statement's reads
at 32 connections while 10 editors save every 200 ms, against the same
without them. BENCH_URLS (names from URLS, separated by commas) measures
only those rows and leaves out the editors' part. Only 127.0.0.1 is
contacted."""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
STATEMENT = ("/news/international-migrants-day-statement-iom-director-"
             "general-antonio-vitorino-harnessing-potential-human-mobility")
PROJECT = "/migrant-crisis-europe-support-stranded-migrants-hungary"
EVENT = "/events/information-day-people-ukraine-zahony"
# (name, path, with Accept-Encoding: gzip)
URLS = [("statement", STATEMENT, False), ("stmt gzip", STATEMENT, True),
        ("hu stmt", "/hu" + STATEMENT, False),
        ("hu gzip", "/hu" + STATEMENT, True),
        ("news", "/news", False), ("home", "/", False),
        ("feed", "/news/feed", False), ("sitemap", "/sitemap.xml", False),
        ("projects", "/projects", False), ("project", PROJECT, False),
        ("events", "/events", False), ("event", EVENT, False),
        ("event ics", EVENT + ".ics", False)]
GZIP = "Accept-Encoding: gzip"
CONNECTIONS = [1, 32]
EDITORS = 10
SAVE_EVERY = 0.2
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
ONLY = [u for u in os.environ.get("BENCH_URLS", "").split(",") if u]
# The rows the bare responders (d, e) answer: they serve one answer, the
# statement's.
BARE = "statement"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        if proc.poll() is not None:
            sys.exit("bench: a server exited early (status %d)" %
                     proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit("bench: nothing listens on port %d" % port)


def site_conf(waypoint, tmp, port, site="", extra=""):
    """Writes tmp/waypoint.conf, a site at http://127.0.0.1:port over
    tmp/waypoint.db with the checkout's templates and static files, site
    added to its [site] section and extra at its end, and makes the
    database with `waypoint db init`. Returns the file's path."""
    conf = os.path.join(tmp, "waypoint.conf")
    with open(conf, "w") as f:
        f.write("[site]\nbase_url = http://127.0.0.1:%d\n%s"
                "[paths]\ndatabase = %s/waypoint.db\n"
                "templates = %s/www/templates\nstatic = %s/www/static\n"
                "log_file = %s/waypoint.log\n%s" %
                (port, site, tmp, REPO, REPO, tmp, extra))
    subprocess.run([waypoint, "--config", conf, "db", "init"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return conf


def stop(proc):
    """Stops proc, a server this bench started: SIGTERM, then SIGKILL
    when it has not exited within 10 s."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def rss_kib(pid):
    """Resident memory of pid and all its descendants, in KiB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open("/proc/%d/task/%d/children" % (p, p)) as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return total


def to_ms(s):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", s)
    v = float(m.group(1))
    return {"us": v / 1000, "ms": v, "s": v * 1000,
            "m": v * 60000}[m.group(2)]


def wrk(url, conns, gzip=False):
    out = subprocess.run(
        ["wrk", "-t%d" % min(conns, 2), "-c%d" % conns, "-d%ds" % SECONDS,
         "--latency"] + (["-H", GZIP] if gzip else []) + [url],
        capture_output=True, text=True, timeout=SECONDS + 30).stdout
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50 = to_ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))
        p99 = to_ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))
    except (AttributeError, ValueError):
        sys.exit("bench: cannot read wrk's output for %s:\n%s" % (url, out))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if bad or errors:
        print("  warning: %s at %d: %s %s" % (url, conns,
              bad.group(0) if bad else "", errors.group(0) if errors else ""))
    return rps, p50, p99


def wait_answer(port, proc, name):
    """Waits up to 15 s for nginx on port to answer / through the FastCGI
    responder proc (called name)."""
    end = time.time() + 15
    while True:
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=5)
            return
        except OSError:
            if time.time() > end or proc.poll() is not None:
                sys.exit("bench: %s does not answer through nginx" % name)
            time.sleep(0.1)


def raw_answer(port, path, dest):
    """Saves the answer to GET path on port, as it came (status line,
    headers, blank line, body), to dest: what the bare responders send."""
    with socket.create_connection(("127.0.0.1", port), 5) as s:
        s.sendall(b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Connection: close\r\n\r\n" % path.encode())
        data = b""
        while True:
            piece = s.recv(65536)
            if not piece:
                break
            data += piece
    if not data.startswith(b"HTTP/1.1 200 "):
        sys.exit("bench: %s answers %r" % (path, data[:40]))
    with open(dest, "wb") as f:
        f.write(data)


def server_block(conf):
    """The server { } block of conf/nginx.conf's text conf, without the
    maps before it (which the http block holds once already)."""
    at = conf.index("\nserver {")
    return conf[at + 1:]


def write_nginx_conf(ngx, http_body, workers="auto", connections=1024,
                     access_log="off", modules=()):
    """Writes ngx/nginx.conf and returns its path: an nginx whose prefix is
    folder ngx (pid, error log and temporary files there, so that it runs
    without root), with a load_module line for each of modules, workers
    worker processes of connections each, access_log (a file, or off) and
    the lines http_body in its http { } block. Links ngx/fastcgi_params
    and ngx/mime.types, which conf/nginx.conf and it include, to Debian's."""
    for name in ("fastcgi_params", "mime.types"):
        os.symlink("/etc/nginx/" + name, os.path.join(ngx, name))
    conf = os.path.join(ngx, "nginx.conf")
    with open(conf, "w") as f:
        f.write("".join("load_module %s;\n" % m for m in modules))
        f.write("""daemon off;
worker_processes {workers};
pid {n}/nginx.pid;
error_log {n}/error.log;
events {{ worker_connections {connections}; }}
http {{
	include mime.types;
	access_log {access_log};
	client_body_temp_path {n}/body;
	fastcgi_temp_path {n}/fastcgi;
	proxy_temp_path {n}/proxy;
	scgi_temp_path {n}/scgi;
	uwsgi_temp_path {n}/uwsgi;
{body}}}
""".format(n=ngx, workers=workers, connections=connections,
           access_log=access_log, body=textwrap.indent(http_body, "\t")))
    return conf


def add_editors(waypoint, conf):
    for i in range(1, EDITORS + 1):
        subprocess.run([waypoint, "--config", conf, "user", "add",
                        "editor%d" % i, "--role", "editor"],
                       input=b"editor-password-%d\n" % i, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Editors:
    """EDITORS signed-in editors on one server, each saving an edit of a
    release of its own every SAVE_EVERY seconds while running."""

    def __init__(self, port):
        sys.path.insert(0, os.path.join(REPO, "tests", "load"))
        from editors import Editor
        self.eds = []
        for i in range(1, EDITORS + 1):
            e = Editor("127.0.0.1", port, "editor%d" % i,
                       "editor-password-%d" % i)
            why = e.sign_in()
            if why is not None:
                sys.exit("bench: editor%d cannot sign in: %s" % (i, why))
            _, nid = e.publish("Bench release %d on %d" % (i, port),
                               "A release edited during the bench.")
            if nid is None:
                sys.exit("bench: editor%d cannot publish" % i)
            self.eds.append((e, nid))
        self.saves = self.failed = 0
        self.lock = threading.Lock()

    def _run(self, e, nid, stop):
        n = 0
        while not stop.is_set():
            t = time.monotonic()
            form = e.edit_form(nid)
            ok = form is not None and e.save(
                nid, form[0], form[1], "Bench release %d" % nid,
                "Edit %d of a release edited during the bench." % n)[1]
            n += 1
            with self.lock:
                self.saves += ok
                self.failed += not ok
            stop.wait(max(0.0, SAVE_EVERY - (time.monotonic() - t)))

    def saving(self, fn):
        """fn() while every editor saves; (its result, saves, failures)."""
        stop = threading.Event()
        self.saves = self.failed = 0
        ts = [threading.Thread(target=self._run, args=(e, nid, stop))
              for e, nid in self.eds]
        for t in ts:
            t.start()
        try:
            r = fn()
        finally:
            stop.set()
            for t in ts:
                t.join()
        return r, self.saves, self.failed


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: run.py WAYPOINT")
    waypoint = os.path.abspath(sys.argv[1])
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    tmp = tempfile.mkdtemp(prefix="waypoint-bench-")
    os.chmod(tmp, 0o755)
    procs = []
    try:
        pa, pb, pc = free_port(), free_port(), free_port()
        pd, pe = free_port(), free_port()
        bare_mhd = os.path.join(os.path.dirname(waypoint), "bare_mhd")
        bare_fcgi = os.path.join(os.path.dirname(waypoint), "bare_fcgi")
        urls = [u for u in URLS if not ONLY or u[0] in ONLY]
        conf = site_conf(waypoint, tmp, pc, site="languages = en hu uk\n",
                         extra="[fcgi]\nsocket_mode = 0666\n")
        add_editors(waypoint, conf)

        serve = subprocess.Popen([waypoint, "--config", conf, "serve",
                                  "--listen", "127.0.0.1:%d" % pc])
        procs.append(serve)
        wait_port(pc, serve)
        sock = os.path.join(tmp, "waypoint.sock")
        fcgi = subprocess.Popen([waypoint, "--config", conf, "fcgi",
                                 "--socket", sock])
        procs.append(fcgi)

        # (a): the very bytes waypoint serves, saved as files.
        html = os.path.join(tmp, "html")
        for _, path, _ in URLS:
            body = urllib.request.urlopen(
                "http://127.0.0.1:%d%s" % (pc, path), timeout=5).read()
            name = "index" if path == "/" else path.strip("/")
            dest = os.path.join(html, name + ".html")
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "wb") as f:
                f.write(body)
        # Beside each, the .gz nginx's gzip_static sends, as make install
        # writes them for www/static.
        subprocess.run([os.path.join(REPO, "tools", "gzip_static.sh"), html],
                       check=True)
        subprocess.run(["chmod", "-R", "a+rX", tmp], check=True)

        # (d) and (e): the statement's answer, from memory.
        answer = os.path.join(tmp, "statement.http")
        raw_answer(pc, STATEMENT, answer)
        bare = subprocess.Popen([bare_mhd, str(pd), answer])
        procs.append(bare)
        wait_port(pd, bare)
        bare_sock = os.path.join(tmp, "bare.sock")
        barefcgi = subprocess.Popen([bare_fcgi, bare_sock, answer])
        procs.append(barefcgi)

        ngx = os.path.join(tmp, "nginx")
        os.makedirs(ngx)
        with open(os.path.join(REPO, "conf", "nginx.conf")) as f:
            conf_text = (f.read().replace("@ROOT@", REPO)
                         .replace("@MEDIA@", os.path.join(tmp, "media")))
        server = (conf_text.replace("@LISTEN@", "127.0.0.1:%d" % pb)
                  .replace("@SOCKET@", sock))
        # The same server block in front of bare_fcgi.
        server += server_block(conf_text.replace(
            "@LISTEN@", "127.0.0.1:%d" % pe).replace("@SOCKET@", bare_sock)
            .replace("default_server", ""))
        with open(os.path.join(ngx, "waypoint.conf"), "w") as f:
            f.write(server)
        write_nginx_conf(ngx, """server {{
	listen 127.0.0.1:{pa};
	root {html};
	default_type text/html;
	gzip_static on;
	location / {{ try_files $uri.html /index.html =404; }}
}}
include waypoint.conf;
""".format(pa=pa, html=html), access_log=os.path.join(ngx, "access.log"))
        ngxp = subprocess.Popen([nginx, "-p", ngx + "/", "-c",
                                 os.path.join(ngx, "nginx.conf"), "-e",
                                 os.path.join(ngx, "error.log")])
        procs.append(ngxp)
        wait_port(pa, ngxp)
        wait_port(pb, ngxp)
        wait_port(pe, ngxp)

        # nginx answers 502 until the responders' workers accept.
        wait_answer(pb, fcgi, "waypoint fcgi")
        wait_answer(pe, barefcgi, "bare_fcgi")

        servers = [("a", pa, ngxp), ("b", pb, fcgi), ("c", pc, serve)]
        bares = [("d", pd, bare), ("e", pe, barefcgi)]
        for _, port, _ in servers + bares:
            for name, path, gz in URLS:
                if port in (pd, pe) and name != BARE:
                    continue
                rq = urllib.request.Request(
                    "http://127.0.0.1:%d%s" % (port, path),
                    headers=dict([GZIP.split(": ")]) if gz else {})
                with urllib.request.urlopen(rq, timeout=5) as rs:
                    body = rs.read()
                    coding = rs.headers.get("Content-Encoding")
                # A whole answer: the smallest, one event's .ics, is
                # some 900 bytes.
                assert len(body) > 200 or gz, (port, path)
                # Each side sends the gzip copy: nothing measures a
                # server that fell back to the identity.
                assert coding == ("gzip" if gz else None), (port, path,
                                                            coding)

        results = {}
        rss = {}
        for rnd in range(ROUNDS):
            for name, path, gz in urls:
                for conns in CONNECTIONS:
                    for key, port, proc in servers + (
                            bares if name == BARE else []):
                        r = wrk("http://127.0.0.1:%d%s" % (port, path), conns,
                                gz)
                        results.setdefault((name, conns, key), []).append(r)
                        rss[key] = max(rss.get(key, 0), rss_kib(proc.pid))
            print("round %d of %d done" % (rnd + 1, ROUNDS), flush=True)

        print()
        print("(a) nginx static file  (b) nginx + waypoint fcgi  "
              "(c) waypoint serve")
        print("(d) bare_mhd, (e) nginx + bare_fcgi: the statement's answer "
              "from memory (the statement's rows only)")
        print("wrk -t2 (-t1 at 1 connection), %d s a run, %d rounds "
              "interleaved a b c (d e); medians" % (SECONDS, ROUNDS))
        print("%-10s %5s | %9s %9s %9s %9s %9s | %5s %5s | %5s %5s | %s" % (
            "url", "conns", "a req/s", "b req/s", "c req/s", "d req/s",
            "e req/s", "b/a", "c/a", "c/d", "b/e", "p50/p99 ms a; b; c"))
        for name, _, _ in urls:
            for conns in CONNECTIONS:
                med = {}
                lat = []
                for key in "abcde":
                    runs = results.get((name, conns, key))
                    if runs is None:
                        continue
                    med[key] = statistics.median(r[0] for r in runs)
                    if key in "abc":
                        lat.append("%.2f/%.2f" % (
                            statistics.median(r[1] for r in runs),
                            statistics.median(r[2] for r in runs)))
                bare_cols = ("%9.0f %9.0f" % (med["d"], med["e"])
                             if "d" in med else "%9s %9s" % ("-", "-"))
                bare_ratios = ("%5.2f %5.2f" % (med["c"] / med["d"],
                                                med["b"] / med["e"])
                               if "d" in med else "%5s %5s" % ("-", "-"))
                print("%-10s %5d | %9.0f %9.0f %9.0f %s | %5.2f %5.2f | "
                      "%s | %s" %
                      (name, conns, med["a"], med["b"], med["c"], bare_cols,
                       med["b"] / med["a"], med["c"] / med["a"],
                       bare_ratios, "; ".join(lat)))
        print()
        print("resident memory, largest seen: a (nginx, all processes) "
              "%d KiB; b (waypoint fcgi, supervisor and workers; nginx "
              "as in a) %d KiB; c (waypoint serve) %d KiB" %
              (rss["a"], rss["b"], rss["c"]))
        print("targets at 32 connections: b/a >= 0.20, c/a >= 1.0, "
              "c/d >= 0.90")
        if ONLY:
            return

        # Reads while editors save: quiet and busy runs interleaved.
        editors = {key: Editors(port) for key, port, _ in servers[1:]}
        busy = {}
        for rnd in range(ROUNDS):
            for key, port, _ in servers[1:]:
                url = "http://127.0.0.1:%d%s" % (port, STATEMENT)
                busy.setdefault((key, "quiet"), []).append(wrk(url, 32))
                r, saves, failed = editors[key].saving(
                    lambda: wrk(url, 32))
                busy.setdefault((key, "busy"), []).append(r)
                busy.setdefault((key, "saves"), []).append(saves / SECONDS)
                busy.setdefault((key, "failed"), []).append(failed)
        print()
        print("the statement at 32 connections, alone and while %d editors "
              "save every %d ms; medians of %d rounds" %
              (EDITORS, SAVE_EVERY * 1000, ROUNDS))
        print("%-6s | %10s %10s %6s | %8s %6s | %s" % (
            "server", "alone/s", "saving/s", "ratio", "saves/s", "failed",
            "p99 ms alone; saving"))
        for key, _, _ in servers[1:]:
            q = busy[(key, "quiet")]
            b = busy[(key, "busy")]
            qr = statistics.median(r[0] for r in q)
            br = statistics.median(r[0] for r in b)
            print("%-6s | %10.0f %10.0f %6.2f | %8.1f %6d | %.2f; %.2f" % (
                key, qr, br, br / qr,
                statistics.median(busy[(key, "saves")]),
                sum(busy[(key, "failed")]),
                statistics.median(r[2] for r in q),
                statistics.median(r[2] for r in b)))
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
