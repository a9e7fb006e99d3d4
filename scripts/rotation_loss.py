#!/usr/bin/env python3
"""Lines lost to each logrotate mode, with the real logrotate (a measurement, not a test).

  scripts/rotation_loss.py BENCH_BINARY [--seconds S] [--every MS]

Runs benchmarks/rotation_loss.cpp's service (4 threads logging numbered
events) and `logrotate -f` every MS milliseconds with each stanza below, then
counts which events are in the live file, the rotated files and the .gz
archives. Prints one JSON object per mode.
"""
import argparse, gzip, json, os, pathlib, re, shutil, signal, subprocess, sys, tempfile, time

MODES = {
    "create+compress": "create\n  compress",
    "create+compress+delaycompress": "create\n  compress\n  delaycompress",
    "postrotate SIGHUP + compress": "create\n  compress\n  sharedscripts\n  postrotate\n    kill -HUP {pid}\n  endscript",
    "copytruncate": "copytruncate",
}
LINE = re.compile(rb" thread=(\d+) seq=(\d+) ")


def count(folder):
    seen = set()
    for f in pathlib.Path(folder).iterdir():
        data = gzip.open(f).read() if f.suffix == ".gz" else f.read_bytes()
        for m in LINE.finditer(data):
            seen.add((int(m.group(1)), int(m.group(2))))
    return seen


def run(binary, mode, body, seconds, every_ms):
    root = pathlib.Path(tempfile.mkdtemp(prefix="ial-rotation-"))
    folder = root / "rot"
    folder.mkdir()
    service = subprocess.Popen([binary, str(root), str(seconds)], stdout=subprocess.PIPE)
    conf = root / "logrotate.conf"
    conf.write_text(f"{folder}/*.log {{\n  rotate 1000\n  missingok\n  notifempty\n  {body.format(pid=service.pid)}\n}}\n")
    rotations = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline - every_ms / 1000:
        time.sleep(every_ms / 1000)
        subprocess.run(["logrotate", "-f", "-s", str(root / "state"), str(conf)], check=True)
        rotations += 1
    out, _ = service.communicate(timeout=seconds + 60)
    sent = json.loads(out)["sent"]
    seen = count(folder)
    shutil.rmtree(root)
    total = sum(sent)
    found = sum(1 for t, s in seen if s < sent[t])
    return {"mode": mode, "rotations": rotations, "every_ms": every_ms, "sent": total, "lost": total - found}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--seconds", type=float, default=6)
    p.add_argument("--every", type=int, default=200)
    a = p.parse_args()
    if shutil.which("logrotate") is None:
        sys.exit("logrotate is not installed (Debian package logrotate)")
    for mode, body in MODES.items():
        print(json.dumps(run(a.binary, mode, body, a.seconds, a.every)), flush=True)


if __name__ == "__main__":
    main()
