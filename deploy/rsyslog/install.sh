#!/usr/bin/env bash
# Renders agent.conf or aggregator.conf with the site's values and installs it.
#   deploy/rsyslog/install.sh agent|aggregator [NAME=value ...] [--output DIR]
# Values not given keep the defaults at the top of the file (#@ NAME = value).
# Without --output it writes /etc/instrukt-ai/rsyslog-ROLE.conf and the
# systemd unit instrukt-ai-ROLE.service, and prints how to start it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
die() { echo "install.sh: $*" >&2; exit 2; }
role="${1:-}"; shift || true
[ "$role" = agent ] || [ "$role" = aggregator ] || die "first argument: agent or aggregator (got '${role}')"
output=""
declare -A values
while read -r name value; do values[$name]="$value"; done < <(sed -n 's/^#@ \([A-Z_]*\) = \(.*\)$/\1 \2/p' "$here/$role.conf")
while (($#)); do
  case "$1" in
    --output) [ $# -ge 2 ] || die "--output needs a folder"; output="$2"; shift 2 ;;
    *=*) name="${1%%=*}"; [ -n "${values[$name]+x}" ] || die "unknown value $name (known: ${!values[*]})"
         values[$name]="${1#*=}"; shift ;;
    *) die "unexpected '$1': give NAME=value or --output DIR" ;;
  esac
done
[[ "${values[QUEUE_LINES]}" =~ ^[0-9]+$ ]] || die "QUEUE_LINES=${values[QUEUE_LINES]}: give a number of lines"
# Below omrelp's window (1,024 unacknowledged lines) the agent stops sending:
# seen here with 1,000. Twice the window was tested.
if [ "$role" = agent ] && [ "${values[QUEUE_LINES]}" -lt 2048 ]; then
  die "QUEUE_LINES=${values[QUEUE_LINES]}: the agent's queue needs at least 2048 lines (twice the RELP window of 1024; below it, sending stalls)"
fi
text="$(cat "$here/$role.conf")"
for name in "${!values[@]}"; do
  value="${values[$name]}"
  [[ "$value" != *'"'* && "$value" != *'\'* ]] || die "$name: a value may not hold '\"' or '\\'"
  text="${text//@$name@/$value}"
done
dest="${output:-/etc/instrukt-ai}"
mkdir -p "$dest"
conf="$dest/rsyslog-$role.conf"
printf '%s\n' "$text" > "$conf"
mkdir -p "${values[WORK]}"
rsyslogd -N1 -f "$conf" >/dev/null 2>"$conf.check" || { cat "$conf.check" >&2; die "rsyslogd refuses $conf (above)"; }
rm -f "$conf.check"
if [ -z "$output" ]; then
  cat > "/etc/systemd/system/instrukt-ai-$role.service" <<UNIT
[Unit]
Description=InstruktAI log $role (rsyslog, docs/fleet.md)
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=/usr/sbin/rsyslogd -n -f $conf -i /run/instrukt-ai-$role.pid
Restart=on-failure
# rsyslogd drains its queues for up to 10 s; with the aggregator unreachable
# and the queue full it can hang in shutdown (docs/fleet.md).
TimeoutStopSec=30

[Install]
WantedBy=multi-user.target
UNIT
  echo "installed $conf and instrukt-ai-$role.service: systemctl daemon-reload && systemctl enable --now instrukt-ai-$role"
else
  echo "$conf"
fi
