#!/usr/bin/env python3
"""Lines through the fleet (docs/fleet.md) against the library's own write rate, same run.

  scripts/fleet_speed.py SOURCE CENTRAL_TOOL [--ship-tool PATH] [--events 1000000] [--rates 20000,200000]
                         [--lag-seconds 10] [--soak-seconds 0] [--soak-rate 400000] [--rounds 3] [--window 32]
                         [--plain] [--out results.jsonl]

SOURCE is benchmarks/fleet_source.cpp's binary, CENTRAL_TOOL instrukt-ai-central,
--ship-tool instrukt-ai-ship (default: beside CENTRAL_TOOL). Each round renders
deploy/rsyslog's agent and aggregator with install.sh (free loopback ports, a
temporary folder, certificates made with openssl), starts each side's stunnel
and rsyslogd and the agent's shipper, and then:
  - throughput: --events events as fast as the library writes them; the local
    rate is the source's own (until every line is in its file), the central rate
    runs from the same start until the central file is as long as the local one;
  - CPU per line: each process's user + system time (/proc/PID/stat) over the
    throughput phase, divided by the events: the agent's shipper, rsyslogd and
    stunnel, the aggregator's stunnel and rsyslogd, and the writer (its child);
    agent_total and aggregator_total add them up per side;
  - RSS: each process's peak resident memory (VmHWM) at the end of the round;
  - lag, at each of --rates events per second for --lag-seconds: both files are
    polled every 0.5 ms, and for each local size seen, the lag is the time until
    the central file reached it (the two files hold the same bytes in order);
  - soak (--soak-seconds at --soak-rate events per second): its lag, and the
    central rate from its start until the central file caught up;
  - the check: the central file is the local one, byte for byte (SHA-256).
--plain: plain RELP straight from agent to aggregator (TLS=off), to compare.
--window takes a comma list (the agent's WINDOW); the values alternate within
each round. Prints one JSON object per round and window.
"""
import argparse, hashlib, json, os, pathlib, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

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


def peak_rss_mib(pid):
    """VmHWM of one process in MiB; 0 once it is gone."""
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def rss_by_role(roles):
    out = {f"rss_mib_{role}": peak_rss_mib(pid) for role, pid in roles.items()}
    if "aggregator" in roles:
        out["rss_mib_writer"] = sum(peak_rss_mib(c) for c in children(roles["aggregator"]))
    return out


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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


def lag_phase(root, local, central, source, rate, seconds, name):
    """`rate` events per second for `seconds`: lag p50/p99/max, and the central rate from start to caught up."""
    base_local, base_central = size(local), size(central_file(central))
    t0 = time.monotonic()
    src = subprocess.Popen([source, str(root), str(rate * seconds), str(rate)], stdout=subprocess.PIPE)
    samples = wait_sizes(local, central, lambda l, c: src.poll() is not None and c - base_central >= l - base_local
                         and l > base_local, seconds + 300)
    src.wait()
    lag = lags(samples, base_local, base_central)
    return {f"{name}_p50_ms": round(percentile(lag, 50) * 1e3, 1),
            f"{name}_p99_ms": round(percentile(lag, 99) * 1e3, 1),
            f"{name}_max_ms": round(max(lag) * 1e3, 1),
            f"{name}_central_lines_per_s": round(rate * seconds / (samples[-1][0] - t0))}


def one_round(a, window):
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
                        f"WORK={work / 'agent'}", f"WINDOW={window}", f"SHIPPER={a.ship_tool}",
                        f"LOG_ROOT={work / 'own'}", "--output", str(work)] + agent, check=True, capture_output=True)
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
        end = time.monotonic() + 10
        while not (work / "agent" / "ship.sock").exists():
            if time.monotonic() > end:
                sys.exit("the agent's rsyslogd made no socket within 10 s")
            time.sleep(0.05)
        procs.append(subprocess.Popen((work / "ship-agent.cmd").read_text().split(), stdout=out, stderr=out))
        roles["agent_ship"] = procs[-1].pid
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
        cpu = {r: (cpu1[r] - cpu0.get(r, 0.0)) / a.events * 1e6 for r in cpu1}
        cpu_us = {f"cpu_us_per_line_{r}": round(v, 2) for r, v in cpu.items()}
        cpu_us["cpu_us_per_line_agent_total"] = round(sum(v for r, v in cpu.items() if r.startswith("agent")), 2)
        cpu_us["cpu_us_per_line_aggregator_total"] = round(
            sum(v for r, v in cpu.items() if r.startswith("aggregator") or r == "writer"), 2)
        row = {"tls": not a.plain, "window": window, "events": a.events,
               "local_lines_per_s": round(a.events / local_s),
               "central_lines_per_s": round(a.events / central_s),
               "central_over_local": round(local_s / central_s, 4), **cpu_us}
        for rate in a.rates:
            row.update(lag_phase(root, local, central, a.source, rate, a.lag_seconds, f"lag_at_{rate}"))
        if a.soak_seconds:
            row.update(lag_phase(root, local, central, a.source, a.soak_rate, a.soak_seconds,
                                 f"soak_{a.soak_seconds}s_at_{a.soak_rate}"))
        time.sleep(0.2)
        row["byte_identical"] = sha256(local) == sha256(central_file(central))
        row.update(rss_by_role(roles))
        if not row["byte_identical"]:
            sys.exit(f"the central file differs from the local one: {json.dumps(row)}")
        return row
    finally:
        for p in reversed(procs):
            stop(p)
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("source")
    p.add_argument("central_tool")
    p.add_argument("--ship-tool", help="instrukt-ai-ship (default: beside CENTRAL_TOOL)")
    p.add_argument("--events", type=int, default=1000000)
    p.add_argument("--rates", default="20000,200000", help="lag phases: events per second, comma list")
    p.add_argument("--lag-seconds", type=int, default=10)
    p.add_argument("--soak-seconds", type=int, default=0)
    p.add_argument("--soak-rate", type=int, default=400000, help="events per second in the soak")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--window", default="32", help="the agent's RELP window (frames); comma list to alternate")
    p.add_argument("--plain", action="store_true", help="plain RELP (TLS=off), for a comparison")
    p.add_argument("--out")
    a = p.parse_args()
    a.source, a.central_tool = os.path.abspath(a.source), os.path.abspath(a.central_tool)
    a.ship_tool = os.path.abspath(a.ship_tool or os.path.join(os.path.dirname(a.central_tool), "instrukt-ai-ship"))
    a.rates = [int(r) for r in a.rates.split(",") if r]
    if not shutil.which("rsyslogd"):
        sys.exit("rsyslogd not found: apt-get install rsyslog rsyslog-relp")
    if not shutil.which("stunnel") or not shutil.which("openssl"):
        sys.exit("stunnel or openssl not found: apt-get install stunnel4 openssl")
    for path in (a.source, a.central_tool, a.ship_tool):
        if not os.access(path, os.X_OK):
            sys.exit(f"{path}: not an executable (build the project's tools and benchmarks first)")
    for r in range(a.rounds):
        for w in a.window.split(","):
            # A soak row is a bench of its own: its figures are not the rounds' (bench_report.py).
            row = {"bench": "fleet_soak" if a.soak_seconds else "fleet", "round": r, **one_round(a, int(w))}
            print(json.dumps(row), flush=True)
            if a.out:
                with open(a.out, "a") as f:
                    f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
