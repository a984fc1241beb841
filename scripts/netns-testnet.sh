#!/usr/bin/env bash
# Local multi-host test network (root): N network namespaces elo-ns1..N, each with one veth into
# the bridge elo-br0 in the root namespace; node i has 10.77.0.i/24, the bridge 10.77.0.254/24 (so
# the root namespace reaches the REST ports). Every address and device is one this script creates;
# `down` removes all of them and is idempotent. Links are cut with blackhole routes inside the two
# namespaces (packets vanish, as in a real partition), faults added with tc netem.
#
#   netns-testnet.sh up N                      create namespaces, veths, bridge
#   netns-testnet.sh hosts N PORT REST_PORT    print a hosts file for deploy-testnet.sh
#   netns-testnet.sh netem NS DELAY JITTER LOSS e.g. netem elo-ns2 50ms 10ms 1%  (0ms 0ms 0% clears)
#   netns-testnet.sh cut NS_A NS_B             drop all traffic between two namespaces
#   netns-testnet.sh restore [NS_A NS_B]       undo one cut, or every cut
#   netns-testnet.sh check                     exit 0 when `ip netns` works here
#   netns-testnet.sh check-netem               exit 0 when `tc netem` works here
#   netns-testnet.sh down                      remove everything (also run by `run` on exit)
#   netns-testnet.sh run N -- COMMAND...       up N, run COMMAND, always down
set -euo pipefail
PREFIX=elo-ns
BRIDGE=elo-br0
NET=10.77.0

ip_of() { echo "$NET.${1#"$PREFIX"}"; }

up() {
  local n="$1" i ns
  [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 && "$n" -le 200 ]] || { echo "N must be 1..200" >&2; exit 2; }
  ip link add "$BRIDGE" type bridge
  ip addr add "$NET.254/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for ((i = 1; i <= n; i++)); do
    ns="$PREFIX$i"
    ip netns add "$ns"
    ip link add "elo-veth$i" type veth peer name "elo-vp$i"
    ip link set "elo-vp$i" netns "$ns"
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" ip link set "elo-vp$i" name eth0
    ip netns exec "$ns" ip addr add "$NET.$i/24" dev eth0
    ip netns exec "$ns" ip link set eth0 up
    ip link set "elo-veth$i" master "$BRIDGE"
    ip link set "elo-veth$i" up
  done
  echo "up: $n namespaces $PREFIX""1..$n on $NET.1..$n/24, bridge $BRIDGE ($NET.254)"
}

down() {
  local ns dev
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PREFIX[0-9]*$" || true); do
    ip netns del "$ns" 2>/dev/null || true
  done
  for dev in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' \
      | grep '^elo-veth[0-9]*$' || true); do
    ip link del "$dev" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
}

hosts() {
  local n="$1" port="$2" rest="$3" i
  for ((i = 1; i <= n; i++)); do
    echo "n$i $NET.$i:$port $rest ip netns exec $PREFIX$i"
  done
}

netem() {
  local ns="$1" delay="$2" jitter="$3" loss="$4"
  if [[ "$delay" == 0ms && "$jitter" == 0ms && "$loss" == 0% ]]; then
    ip netns exec "$ns" tc qdisc del dev eth0 root 2>/dev/null || true
  else
    if ! ip netns exec "$ns" tc qdisc replace dev eth0 root netem delay "$delay" "$jitter" \
        loss "$loss"; then
      echo "netem: this kernel has no netem qdisc (sch_netem); latency and loss unavailable" >&2
      return 1
    fi
  fi
}

cut() {
  ip netns exec "$1" ip route replace blackhole "$(ip_of "$2")/32"
  ip netns exec "$2" ip route replace blackhole "$(ip_of "$1")/32"
}

restore() {
  local ns route
  if [[ $# -eq 2 ]]; then
    ip netns exec "$1" ip route del blackhole "$(ip_of "$2")/32" 2>/dev/null || true
    ip netns exec "$2" ip route del blackhole "$(ip_of "$1")/32" 2>/dev/null || true
    return
  fi
  for ns in $(ip netns list | awk '{print $1}' | grep "^$PREFIX[0-9]*$" || true); do
    for route in $(ip netns exec "$ns" ip route show type blackhole | awk '{print $2}'); do
      ip netns exec "$ns" ip route del blackhole "$route"
    done
  done
}

check() {
  local probe="$PREFIX-probe$$"
  [[ "$(id -u)" == 0 ]] || { echo "netns: not root" >&2; return 1; }
  command -v ip >/dev/null || { echo "netns: no ip command" >&2; return 1; }
  if ! ip netns add "$probe" 2>/dev/null; then
    echo "netns: ip netns add fails here" >&2
    return 1
  fi
  local ok=0
  ip netns exec "$probe" ip link set lo up 2>/dev/null || ok=1
  ip netns del "$probe" 2>/dev/null || true
  [[ $ok == 0 ]] || { echo "netns: ip netns exec fails here" >&2; return 1; }
  if ! ip link add "$PREFIX-probe-br" type bridge 2>/dev/null; then
    echo "netns: cannot create a bridge here" >&2
    return 1
  fi
  ip link del "$PREFIX-probe-br"
  echo "netns: works"
}

# Whether tc netem (latency, jitter, loss) works here; informational, for CI output.
check_netem() {
  local probe="$PREFIX-netem$$" ok=0
  ip netns add "$probe" 2>/dev/null || { echo "netem: no netns to probe in"; return 1; }
  ip netns exec "$probe" ip link set lo up 2>/dev/null || true
  ip netns exec "$probe" tc qdisc add dev lo root netem delay 1ms 2>/dev/null || ok=1
  ip netns del "$probe" 2>/dev/null || true
  if [[ $ok == 0 ]]; then
    echo "netem: works (latency, jitter and loss with tc netem)"
  else
    echo "netem: NOT available on this kernel (no sch_netem qdisc): no tc latency or loss"
    return 1
  fi
}

cmd="${1:-}"
shift || true
case "$cmd" in
  up) down; up "$@" ;;
  down) down ;;
  hosts) hosts "$@" ;;
  netem) netem "$@" ;;
  cut) cut "$@" ;;
  restore) restore "$@" ;;
  check) check ;;
  check-netem) check_netem ;;
  run)
    n="$1"; shift
    [[ "${1:-}" == -- ]] && shift
    trap down EXIT
    down
    up "$n"
    "$@"
    ;;
  *) sed -n '2,16p' "$0" >&2; exit 2 ;;
esac
