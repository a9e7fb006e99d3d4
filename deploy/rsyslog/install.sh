#!/usr/bin/env bash
# Renders agent.conf or aggregator.conf with the site's values and installs it.
#   deploy/rsyslog/install.sh agent|aggregator [NAME=value ...] [--output DIR]
# Values not given keep the defaults at the top of the file (#@ NAME = value).
# Each value is checked (numbers in range, names, absolute paths without
# spaces, no quotes) and put in literally. Without --output it writes
# /etc/instrukt-ai/rsyslog-ROLE.conf, with TLS (the default) also
# stunnel-ROLE.conf from ROLE-tls.conf, and their systemd units
# (instrukt-ai-ROLE.service, instrukt-ai-ROLE-tls.service), and prints how to
# start them. With --output DIR it writes the configs there and prints their
# paths. docs/fleet.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
die() { echo "install.sh: $*" >&2; exit 2; }
role="${1:-}"; shift || true
[ "$role" = agent ] || [ "$role" = aggregator ] || die "first argument: agent or aggregator (got '${role}')"

# --- the values: defaults from the file, then the arguments -----------------
output=""
declare -A values
while IFS= read -r line; do
  name="${line%% =*}"; value="${line#* =}"; value="${value# }"
  values[$name]="$value"
done < <(grep '^#@ [A-Z_]* =' "$here/$role.conf" | sed 's/^#@ //')
while (($#)); do
  case "$1" in
    --output) [ $# -ge 2 ] || die "--output needs a folder"; output="$2"; shift 2 ;;
    *=*) name="${1%%=*}"; [ -n "${values[$name]+x}" ] || die "unknown value $name (known: ${!values[*]})"
         values[$name]="${1#*=}"; shift ;;
    *) die "unexpected '$1': give NAME=value or --output DIR" ;;
  esac
done
[ -n "${values[HOST]+x}" ] && [ -z "${values[HOST]}" ] && values[HOST]="$(hostname)"
[ -n "${values[AGGREGATOR_NAME]+x}" ] && [ -z "${values[AGGREGATOR_NAME]}" ] && values[AGGREGATOR_NAME]="${values[AGGREGATOR]}"
[ "$role" = agent ] && [ -z "${values[LOG_ROOT]}" ] && values[LOG_ROOT]="${values[ROOT]}"

# --- checks ------------------------------------------------------------------
number() {  # NAME VALUE MIN MAX
  [[ "$2" =~ ^[0-9]{1,9}$ ]] && ((10#$2 >= $3 && 10#$2 <= $4)) || die "$1=$2: give a number from $3 to $4"
}
host_name() {  # NAME VALUE: the names instrukt-ai-central takes as a host folder
  [[ "$2" =~ ^[A-Za-z0-9_-][A-Za-z0-9._-]*$ && ${#2} -le 253 && "$2" != *..* ]] ||
    die "$1=$2: give a host name (letters, digits, '-', '_', '.')"
}
for name in "${!values[@]}"; do
  value="${values[$name]}"
  [[ "$value" != *[\"\\]* && ! "$value" =~ [[:cntrl:]] ]] || die "$name: a value may not hold '\"', '\\' or control characters"
  case "$name" in
    WINDOW) number "$name" "$value" 1 4096 ;;
    PORT|TUNNEL_PORT|LOCAL_PORT) number "$name" "$value" 1 65535 ;;
    TLS) [ "$value" = on ] || [ "$value" = off ] || die "TLS=$value: give on or off" ;;
    HOST|AGGREGATOR_NAME) host_name "$name" "$value" ;;
    AGGREGATOR|LISTEN) [[ "$value" =~ ^[A-Za-z0-9._:-]+$ ]] || die "$name=$value: give a host name or an address" ;;
    PEERS) ;;
    *) [[ "$value" == /* ]] || die "$name=$value: give an absolute path"
       [[ ! "$value" =~ [[:space:]] ]] || die "$name=$value: a path with spaces is refused (it would split omprog's command line); choose one without" ;;
  esac
done
# The shipper's socket: a Unix socket path holds at most 107 bytes.
if [ "$role" = agent ] && ((${#values[WORK]} + 10 > 107)); then
  die "WORK=${values[WORK]}: too long for the shipper's socket (WORK/ship.sock, at most 107 bytes); choose a shorter folder"
fi
tls="${values[TLS]}"
peers=()
if [ "$tls" = on ]; then
  command -v stunnel >/dev/null || die "TLS=on needs stunnel (Debian: apt-get install stunnel4), which carries the RELP over TLS"
  for name in CA CERT KEY; do
    [ -f "${values[$name]}" ] || die "$name=${values[$name]}: no such file (docs/fleet.md says how to make the certificates)"
  done
  if [ "$role" = aggregator ]; then
    [ -n "${values[PEERS]}" ] || die "PEERS is needed: every agent's certificate name and its port, e.g. PEERS=web-1:2515,web-2:2516"
    declare -A seen_name seen_port
    IFS=, read -r -a entries <<< "${values[PEERS]}"
    for entry in "${entries[@]}"; do
      [[ "$entry" == *:* ]] || die "PEERS: '$entry' is not NAME:PORT"
      peer="${entry%:*}"; port="${entry##*:}"
      host_name "PEERS: the name in '$entry'" "$peer"; number "PEERS: the port in '$entry'" "$port" 1 65535
      [ -z "${seen_name[$peer]+x}" ] || die "PEERS: $peer is named twice"
      [ -z "${seen_port[$port]+x}" ] || die "PEERS: port $port is given twice (one port per peer: the port says who sent a line)"
      seen_name[$peer]=1; seen_port[$port]=1; peers+=("$peer:$((10#$port))")
    done
    last=$((10#${values[LOCAL_PORT]} + ${#peers[@]} - 1))
    ((last <= 65535)) || die "LOCAL_PORT=${values[LOCAL_PORT]}: the peers' loopback ports would pass 65535"
    for p in "${peers[@]}"; do
      port="${p##*:}"
      ((port < 10#${values[LOCAL_PORT]} || port > last)) ||
        die "PEERS: port $port is one of the loopback ports LOCAL_PORT gives the peers' inputs (${values[LOCAL_PORT]}..$last); move one"
    done
  fi
elif [ "$role" = aggregator ]; then
  case "${values[LISTEN]}" in
    0.0.0.0|::|'*'|'') die "TLS=off takes any sender's word for its host and sends lines in the clear: give LISTEN a loopback or a named address (LISTEN=127.0.0.1), never every address" ;;
  esac
fi

# --- rendering: @NAME@ replaced by its value, literally, in one pass ---------
substitute() {  # TEXT: prints it with each @NAME@ of a known value replaced
  local rest="$1" out="" token before
  while [[ "$rest" =~ @([A-Z_]+)@ ]]; do
    token="${BASH_REMATCH[0]}"
    before="${rest%%"$token"*}"
    out+="$before"
    if [ -n "${values[${BASH_REMATCH[1]}]+x}" ]; then out+="${values[${BASH_REMATCH[1]}]}"; else out+="$token"; fi
    rest="${rest#*"$token"}"
  done
  printf '%s' "$out$rest"
}
# FILE: prints it rendered. Lines starting '#@tls ' are kept with TLS=on,
# '#@plain ' with TLS=off; a run of '#@peer ' lines is written once per peer.
render() {
  local line text="" block=() p b
  flush_block() {
    [ ${#block[@]} -gt 0 ] || return 0
    for ((p = 0; p < ${#peers[@]}; ++p)); do
      values[PEER]="${peers[$p]%:*}"; values[PEER_PORT]="${peers[$p]##*:}"
      values[PEER_RELP_PORT]="$((10#${values[LOCAL_PORT]} + p))"
      for b in "${block[@]}"; do text+="$(substitute "$b")"$'\n'; done
      [ $((p + 1)) -eq ${#peers[@]} ] || text+=$'\n'
    done
    block=()
  }
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      '#@peer '*) block+=("${line#\#@peer }"); continue ;;
      '#@tls '*) flush_block; [ "$tls" = on ] || continue; line="${line#\#@tls }" ;;
      '#@plain '*) flush_block; [ "$tls" = off ] || continue; line="${line#\#@plain }" ;;
      *) flush_block ;;
    esac
    text+="$(substitute "$line")"$'\n'
  done < "$1"
  flush_block
  printf '%s' "$text"
}

dest="${output:-/etc/instrukt-ai}"
mkdir -p "$dest" "${values[WORK]}"
conf="$dest/rsyslog-$role.conf"
render "$here/$role.conf" > "$conf"
rsyslogd -N1 -f "$conf" >/dev/null 2>"$conf.check" || { cat "$conf.check" >&2; die "rsyslogd refuses $conf (above)"; }
rm -f "$conf.check"
tunnel=""
if [ "$tls" = on ]; then
  tunnel="$dest/stunnel-$role.conf"
  render "$here/$role-tls.conf" > "$tunnel"
fi
shipper=""
if [ "$role" = agent ]; then
  shipper="${values[SHIPPER]} --host ${values[HOST]} --socket ${values[WORK]}/ship.sock --positions ${values[WORK]}/ship.positions --root ${values[ROOT]} --window ${values[WINDOW]} --log-root ${values[LOG_ROOT]}"
fi
if [ -z "$output" ]; then
  unit() {  # NAME DESCRIPTION EXEC [AFTER]
    cat > "/etc/systemd/system/$1.service" <<UNIT
[Unit]
Description=$2 (docs/fleet.md)
After=network-online.target${4:+ $4}
Wants=network-online.target${4:+ $4}

[Service]
ExecStart=$3
Restart=on-failure
TimeoutStopSec=30

[Install]
WantedBy=multi-user.target
UNIT
  }
  after=""
  if [ -n "$tunnel" ]; then
    unit "instrukt-ai-$role-tls" "InstruktAI log $role, TLS (stunnel)" "$(command -v stunnel) $tunnel"
    after="instrukt-ai-$role-tls.service"
  fi
  unit "instrukt-ai-$role" "InstruktAI log $role (rsyslog)" "/usr/sbin/rsyslogd -n -f $conf -i /run/instrukt-ai-$role.pid" "$after"
  if [ -n "$shipper" ]; then
    unit "instrukt-ai-agent-ship" "InstruktAI log agent, the files' reader (instrukt-ai-ship)" "$shipper" "instrukt-ai-agent.service"
    echo "installed $conf${tunnel:+ and $tunnel}, and their systemd units: systemctl daemon-reload && systemctl enable --now instrukt-ai-agent instrukt-ai-agent-ship"
  else
    echo "installed $conf${tunnel:+ and $tunnel}, and their systemd units: systemctl daemon-reload && systemctl enable --now instrukt-ai-$role"
  fi
else
  if [ -n "$shipper" ]; then printf '%s\n' "$shipper" > "$dest/ship-agent.cmd"; fi
  echo "$conf${tunnel:+ $tunnel}${shipper:+ $dest/ship-agent.cmd}"
fi
