#!/usr/bin/env python3
"""Lines through the rsyslog fleet (docs/fleet.md) against the library's own write rate, same run.

  scripts/fleet_speed.py SOURCE CENTRAL_TOOL [--events 400000] [--rate 20000] [--lag-seconds 10]
                         [--rounds 3] [--queue-lines 20000] [--plain] [--out results.jsonl]

SOURCE is benchmarks/fleet_source.cpp's binary, CENTRAL_TOOL instrukt-ai-central.
Each round renders deploy/rsyslog's agent and aggregator with install.sh (free
loopback ports, a temporary folder, certificates made with openssl), starts
each side's stunnel and rsyslogd and then:
  - throughput: --events events as fast as the library writes them; the local
    rate is the source's own (until every line is in its file), the central rate
    runs from the same start until the central file is as long as the local one;
  - lag: --rate events per second for --lag-seconds; both files are polled every
    0.5 ms, and for each local size seen, the lag is the time until the central
    file reached it (the two files hold the same bytes in the same order);
  - CPU per line: each process's user + system time (/proc/PID/stat) over the
    throughput phase, divided by the events: the agent's rsyslogd and stunnel,
    the aggregator's stunnel and rsyslogd, and the writer (its child).
--plain: plain RELP straight from agent to aggregator (TLS=off), to compare.
--queue-lines takes a comma list (agent QUEUE_LINES); the values alternate
within each round. Prints one JSON object per round and queue size.
"""
import argparse, json, os, pathlib, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

DEPLOY = pathlib.Path(__file__).resolve().parent.parent / "deploy" / "rsyslog"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def size(path):
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU of one process (all its threads), from /proc/PID/stat; 0 once it is gone."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0


def children(pid):
    out = []
    for task in pathlib.Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            pass
    return out


def cpu_by_role(roles):
    """{role: CPU seconds} for the started processes, the writer (the aggregator's child) apart."""
    out = {role: cpu_seconds(pid) for role, pid in roles.items()}
    if "aggregator" in roles:
        out["writer"] = sum(cpu_seconds(c) for c in children(roles["aggregator"]))
    return out


_central_files = {}


def central_file(central):
    """{central}/{host}/bench/bench.log, found once."""
    if central not in _central_files:
        found = list(central.glob("*/bench/bench.log"))
        if not found:
            return central / "none"
        _central_files[central] = found[0]
    return _central_files[central]


def wait_sizes(local, central, until, timeout):
    """Polls both sizes every 0.5 ms: [(t, local, central)] until until(local, central) or timeout."""
    samples, end = [], time.monotonic() + timeout
    while time.monotonic() < end:
        c = central_file(central)
        samples.append((time.monotonic(), size(local), size(c)))
        if until(samples[-1][1], samples[-1][2]):
            return samples
        time.sleep(0.0005)
    sys.exit(f"the central copy did not catch up within {timeout} s: {samples[-1] if samples else 'no sample'}")


def lags(samples, base_local, base_central):
    """For each local size, from the poll that first saw it to the poll that saw the central file reach it."""
    out, j, seen = [], 0, base_local
    for t, l, _ in samples:
        target = l - base_local
        if l == seen:
            continue
        seen = l
        while j < len(samples) and samples[j][2] - base_central < target:
            j += 1
        if j == len(samples):
            break
        out.append(max(0.0, samples[j][0] - t))
    return out


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def make_certificates(folder):
    """A CA, and certificates for the aggregator and the host, as docs/fleet.md makes them."""
    folder.mkdir()
    ssl = ["openssl"]
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    subprocess.run(ssl + ["req", "-x509"] + ec + ["-days", "2", "-subj", "/CN=ial-bench-ca", "-keyout",
                   str(folder / "ca.key"), "-out", str(folder / "ca.pem")], check=True, capture_output=True)
    for name in ("aggregator.bench", "host-a"):
        (folder / f"{name}.ext").write_text(f"subjectAltName=DNS:{name}\nextendedKeyUsage=serverAuth,clientAuth\n")
        subprocess.run(ssl + ["req"] + ec + ["-subj", f"/CN={name}", "-keyout", str(folder / f"{name}.key"), "-out",
                       str(folder / f"{name}.csr")], check=True, capture_output=True)
        subprocess.run(ssl + ["x509", "-req", "-in", str(folder / f"{name}.csr"), "-CA", str(folder / "ca.pem"),
                       "-CAkey", str(folder / "ca.key"), "-CAcreateserial", "-days", "2", "-extfile",
                       str(folder / f"{name}.ext"), "-out", str(folder / f"{name}.pem")], check=True, capture_output=True)
    return lambda name: [f"CA={folder / 'ca.pem'}", f"CERT={folder / (name + '.pem')}", f"KEY={folder / (name + '.key')}"]


def wait_listening(port, what):
    end = time.monotonic() + 10
    while not listening(port):
        if time.monotonic() > end:
            sys.exit(f"{what} did not listen within 10 s")
        time.sleep(0.05)


def one_round(a, queue_lines):
    work = pathlib.Path(tempfile.mkdtemp(prefix="ial-fleet-"))
    port, local_port, tunnel_port = free_port(), free_port(), free_port()
    procs = []
    roles = {}  # role -> pid, for CPU per line
    try:
        root, central = work / "logs", work / "central"
        root.mkdir()
        install = str(DEPLOY / "install.sh")
        if a.plain:  # plain RELP, straight from agent to aggregator, for a same-run comparison
            agg = ["TLS=off", f"PORT={local_port}"]
            agent = ["TLS=off", f"PORT={local_port}"]
        else:
            tls = make_certificates(work / "tls")
            agg = [f"PEERS=host-a:{port}", f"LOCAL_PORT={local_port}"] + tls("aggregator.bench")
            agent = ["AGGREGATOR_NAME=aggregator.bench", f"PORT={port}", f"TUNNEL_PORT={tunnel_port}"] + tls("host-a")
        subprocess.run([install, "aggregator", "LISTEN=127.0.0.1", f"CENTRAL={central}", f"WORK={work / 'aggregator'}",
                        f"WRITER={a.central_tool}", f"LOG_ROOT={work / 'own'}", "--output", str(work)] + agg,
                       check=True, capture_output=True)
        subprocess.run([install, "agent", "AGGREGATOR=127.0.0.1", "HOST=host-a", f"ROOT={root}",
                        f"WORK={work / 'agent'}", f"QUEUE_LINES={queue_lines}", "--output", str(work)] + agent,
                       check=True, capture_output=True)
        for role in ("aggregator", "agent"):  # each side's TLS (stunnel), then its rsyslogd
            out = open(work / f"{role}.out", "w")
            if not a.plain:
                procs.append(subprocess.Popen(["stunnel", str(work / f"stunnel-{role}.conf")], stdout=out, stderr=out))
                roles[f"{role}_stunnel"] = procs[-1].pid
                wait_listening(port if role == "aggregator" else tunnel_port, f"the {role}'s stunnel")
            procs.append(subprocess.Popen(["rsyslogd", "-n", "-f", str(work / f"rsyslog-{role}.conf"), "-i",
                                           str(work / f"{role}.pid")], stdout=out, stderr=out))
            roles[role] = procs[-1].pid
            if role == "aggregator":
                wait_listening(local_port, "the aggregator")
        time.sleep(0.5)  # imfile sets up its watches
        local = root / "bench" / "bench.log"

        t0 = time.monotonic()
        cpu0 = cpu_by_role(roles)
        src = subprocess.run([a.source, str(root), str(a.events), "0"], check=True, capture_output=True, text=True)
        local_s = json.loads(src.stdout)["local_seconds"]
        final = size(local)
        samples = wait_sizes(local, central, lambda l, c: c >= final, 300)
        central_s = samples[-1][0] - t0
        cpu1 = cpu_by_role(roles)
        # CPU per line shipped, per process (µs): clock ticks, so meaningful at 100k+ lines.
        cpu_us = {f"cpu_us_per_line_{r}": round((cpu1[r] - cpu0.get(r, 0.0)) / a.events * 1e6, 2) for r in cpu1}

        base_local, base_central = size(local), size(central_file(central))
        n = a.rate * a.lag_seconds
        src = subprocess.Popen([a.source, str(root), str(n), str(a.rate)], stdout=subprocess.PIPE)
        samples = wait_sizes(local, central, lambda l, c: src.poll() is not None and c - base_central >= l - base_local
                             and l > base_local, a.lag_seconds + 300)
        src.wait()
        lag = lags(samples, base_local, base_central)
        if size(local) != size(central_file(central)):
            sys.exit("the central file differs in length from the local one")
        return {"tls": not a.plain, "queue_lines": queue_lines, "events": a.events,
                "local_lines_per_s": round(a.events / local_s),
                "central_lines_per_s": round(a.events / central_s),
                "central_over_local": round(local_s / central_s, 4), "lag_rate": a.rate,
                "lag_p50_ms": round(percentile(lag, 50) * 1e3, 1), "lag_p99_ms": round(percentile(lag, 99) * 1e3, 1),
                "lag_max_ms": round(max(lag) * 1e3, 1), "lag_samples": len(lag), **cpu_us}
    finally:
        for p in reversed(procs):
            stop(p)
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("source")
    p.add_argument("central_tool")
    p.add_argument("--events", type=int, default=400000)
    p.add_argument("--rate", type=int, default=20000)
    p.add_argument("--lag-seconds", type=int, default=10)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--queue-lines", default="20000")
    p.add_argument("--plain", action="store_true", help="plain RELP (TLS=off), for a comparison")
    p.add_argument("--out")
    a = p.parse_args()
    a.source, a.central_tool = os.path.abspath(a.source), os.path.abspath(a.central_tool)
    if not shutil.which("rsyslogd"):
        sys.exit("rsyslogd not found: apt-get install rsyslog rsyslog-relp")
    if not shutil.which("stunnel") or not shutil.which("openssl"):
        sys.exit("stunnel or openssl not found: apt-get install stunnel4 openssl")
    for r in range(a.rounds):
        for q in a.queue_lines.split(","):
            row = {"bench": "fleet", "round": r, **one_round(a, int(q))}
            print(json.dumps(row), flush=True)
            if a.out:
                with open(a.out, "a") as f:
                    f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
