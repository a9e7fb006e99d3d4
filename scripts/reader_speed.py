#!/usr/bin/env python3
"""instrukt-ai-logs' speed against its peers on the same files, same run (a measurement, not a test).

  scripts/reader_speed.py TOOL [--gb 5] [--scan-gb 1] [--rounds 5] [--out results.jsonl]
  scripts/reader_speed.py TOOL --json-against OTHER_TOOL [--scan-gb 1] [--rounds 5]

With --json-against, one case only: --format json over the --scan-gb file, this
build against another (a change's before and after), alternating, medians.

Writes an app folder under a temporary root:
  - a plain file of --gb GB covering 24 h (for the window: --since 10m);
  - a --scan-gb GB file (full scans: --grep against grep -E, --where in MB/s);
  - that file gzip-compressed (against zcat | grep -E).
Each case runs --rounds times, alternating tool and peer; the median is kept.
Output goes through `wc -l` for both sides (grep stops early on /dev/null),
and the line counts must agree. Prints one JSON object per case.
"""
import argparse, gzip, json, os, pathlib, shutil, statistics, subprocess, sys, tempfile, time

LEVELS = ["INFO"] * 12 + ["DEBUG"] * 6 + ["WARNING", "ERROR"]
EVENTS = ["job_started", "job_finished", "cache_hit", "request_done", "payment_captured"]


def write_log(path, gb, span_s):
    """Lines of ~150 bytes, one every span_s / n seconds, ending now."""
    n = int(gb * 1e9 / 150)
    end = time.time()
    start = end - span_s
    step = span_s / n
    with open(path, "w", buffering=1 << 22) as f:
        sec_cache = {}
        batch = []
        for i in range(n):
            t = start + i * step
            s = int(t)
            head = sec_cache.get(s)
            if head is None:
                sec_cache.clear()
                head = sec_cache[s] = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s))
            event = EVENTS[i % 5]
            failed = " error=\"connect timeout\"" if i % 997 == 0 else ""
            batch.append(f"{head}.{int((t - s) * 1e6):06d}Z level={LEVELS[i % 20]} logger=shop.jobs.worker "
                         f"msg={'job_failed' if failed else event} job_id={i} duration_ms={i % 1500} "
                         f"tenant=acme-{i % 7} region=eu-west-1{failed}\n")
            if len(batch) == 10000:
                f.write("".join(batch))
                batch.clear()
        f.write("".join(batch))
    return n


def timed(cmd, env=None):
    t0 = time.perf_counter()
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=env)
    dt = time.perf_counter() - t0
    if out.returncode not in (0, 1):  # 1: nothing matched (grep and the tool alike)
        sys.exit(f"failed ({out.returncode}): {cmd}\n{out.stderr}")
    return dt, int(out.stdout.split()[0])


def compare(name, ours, peer, rounds, size_bytes=None, same=True):
    a, b = [], []
    counts = set()
    for _ in range(rounds):
        dt, c = timed(ours); a.append(dt); counts.add(("ours", c))
        if peer:
            dt, c = timed(peer); b.append(dt); counts.add(("peer", c))
    ours_n = {c for k, c in counts if k == "ours"}
    peer_n = {c for k, c in counts if k == "peer"}
    row = {"case": name, "ours_s": round(statistics.median(a), 4), "lines": sorted(ours_n)}
    if peer:
        row["peer_s"] = round(statistics.median(b), 4)
        row["peer_over_ours"] = round(row["peer_s"] / row["ours_s"], 2)
        if same:
            row["same_lines"] = ours_n == peer_n
    if size_bytes:
        row["ours_MB_per_s"] = round(size_bytes / 1e6 / row["ours_s"])
    print(json.dumps(row), flush=True)
    return row


def main():
    p = argparse.ArgumentParser()
    p.add_argument("tool")
    p.add_argument("--gb", type=float, default=5)
    p.add_argument("--scan-gb", type=float, default=1)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--out")
    p.add_argument("--json-against", help="another build of the tool: compare --format json only")
    a = p.parse_args()
    tool = os.path.abspath(a.tool)
    root = pathlib.Path(tempfile.mkdtemp(prefix="ial-reader-"))
    rows = []
    try:
        (root / "scan").mkdir()
        if a.json_against:
            scan = root / "scan" / "scan.log"
            write_log(scan, a.scan_gb, 3600)
            subprocess.run(f"cat {scan} > /dev/null", shell=True, check=True)
            cmd = "{} --root " + str(root) + " --no-color scan --since 2h --format json | wc -l"
            rows.append(compare(f"--format json, {scan.stat().st_size / 1e9:.1f} GB (peer: {a.json_against})",
                                cmd.format(tool), cmd.format(os.path.abspath(a.json_against)), a.rounds,
                                scan.stat().st_size))
            return
        (root / "day").mkdir()
        (root / "archive").mkdir()
        day = root / "day" / "day.log"
        write_log(day, a.gb, 86400)
        scan = root / "scan" / "scan.log"
        write_log(scan, a.scan_gb, 3600)
        gz = root / "archive" / "archive.log.1.gz"
        subprocess.run(f"gzip -c {scan} > {gz}", shell=True, check=True)
        os.utime(gz)
        size = scan.stat().st_size
        for f in (day, scan):  # into the page cache, as for every peer
            subprocess.run(f"cat {f} > /dev/null", shell=True, check=True)
        r = f"{tool} --root {root} --no-color"
        gb = f"{day.stat().st_size / 1e9:.1f} GB / 24 h"
        # The window, printed and not; the peer reads every line of the file (--since 2d).
        rows.append(compare(f"--since 10m on {gb}, printed (peer: every line, --since 2d)",
                            f"{r} day --since 10m | wc -l", f"{r} day --since 2d --where msg=no_such_event | wc -l; true",
                            a.rounds, same=False))
        rows.append(compare(f"--since 10m on {gb}, --where matching nothing (peer: every line)",
                            f"{r} day --since 10m --where msg=no_such_event | wc -l; true",
                            f"{r} day --since 2d --where msg=no_such_event | wc -l; true", a.rounds, same=False))
        # A rare literal, a class, a frequent literal, an alternation, and no literal at all.
        for pattern in ["msg=job_failed", "job_id=4[0-9]{4} ", "tenant=acme-3 region", "msg=(job_failed|cache_miss) ",
                        "[x-z]{2}"]:
            rows.append(compare(f"--grep '{pattern}' vs grep -E, {size / 1e9:.1f} GB", f"{r} scan --since 2h --grep '{pattern}' | wc -l",
                                f"grep -E '{pattern}' {scan} | wc -l", a.rounds, size))
        for where in ["duration_ms>1400", "level>=WARNING", "msg=job_failed"]:
            rows.append(compare(f"--where '{where}', {size / 1e9:.1f} GB", f"{r} scan --since 2h --where '{where}' | wc -l",
                                None, a.rounds, size))
        rows.append(compare(f"--grep on .gz vs zcat | grep -E, {size / 1e9:.1f} GB", f"{r} archive --since 2h --grep 'msg=job_failed' | wc -l",
                            f"zcat {gz} | grep -E 'msg=job_failed' | wc -l", a.rounds, size))
    finally:
        shutil.rmtree(root)
    if a.out:
        with open(a.out, "a") as f:
            for row in rows:
                f.write(json.dumps({"bench": "reader", **row}) + "\n")


if __name__ == "__main__":
    main()
