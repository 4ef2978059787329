"""memory.py: what a group of processes (a server and its render worker)
holds in memory, read from /proc, for tests/load/load.py.

Three sums, each in KiB, because each answers a different question:

- rss: VmRSS summed. Every page a process maps and has resident, so a
  shared library's pages count once in every process that maps them: libc
  and cmark-gfm's, which the server and the render worker (waypoint-render,
  a program of its own) both map, twice.
- anon: RssAnon summed. Heap, stacks and other private memory: what the
  processes themselves allocated, none of it shared.
- pss: Pss summed (smaps_rollup). Each resident page divided by the number
  of processes mapping it, so a page shared by the server and the worker
  counts once between them, and libc's pages are mostly charged to the
  rest of the machine, which maps them anyway. This is what the group adds
  to the machine's memory.

The load test holds rss and pss each to its bound.
"""

KEYS = ("rss", "pss", "anon", "file", "shmem", "pss_anon", "pss_file")
STATUS = {"VmRSS:": "rss", "RssAnon:": "anon", "RssFile:": "file",
          "RssShmem:": "shmem"}
ROLLUP = {"Pss:": "pss", "Pss_Anon:": "pss_anon", "Pss_File:": "pss_file"}


def _read(path, fields, out):
    with open(path) as f:
        for line in f:
            words = line.split()
            if words and words[0] in fields:
                out[fields[words[0]]] = int(words[1])


def process_memory(pid):
    """The KEYS of process pid in KiB, or None when it has gone (or the
    kernel has no smaps_rollup)."""
    out = dict.fromkeys(KEYS, 0)
    try:
        _read("/proc/%d/status" % pid, STATUS, out)
        _read("/proc/%d/smaps_rollup" % pid, ROLLUP, out)
    except (OSError, ValueError):
        return None
    return out


def group_memory(pids):
    """(sums, each): the KEYS summed over pids, and {pid: KEYS} for each
    one still there."""
    each = {}
    for pid in pids:
        m = process_memory(pid)
        if m is not None:
            each[pid] = m
    sums = dict.fromkeys(KEYS, 0)
    for m in each.values():
        for k in KEYS:
            sums[k] += m[k]
    return sums, each


def describe(m):
    """One line of a measurement's figures."""
    return ("PSS %d KiB (anon %d, file %d), RSS %d KiB (anon %d, file %d, "
            "shmem %d)" % (m["pss"], m["pss_anon"], m["pss_file"], m["rss"],
                           m["anon"], m["file"], m["shmem"]))


def maps_file(pid, part):
    """Whether process pid maps a file whose path holds part."""
    try:
        with open("/proc/%d/maps" % pid) as f:
            return any(part in line for line in f)
    except OSError:
        return False
