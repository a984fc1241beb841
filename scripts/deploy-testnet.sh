#!/usr/bin/env bash
# Deploys, starts, stops and inspects `elo node` processes on a list of hosts through a command
# runner: `ssh user@host` for real machines, `ip netns exec elo-ns1` for local test hosts (see
# netns-testnet.sh). Every node gets the configuration a user would give it on a real multi-machine
# network: its own data directory, a listen address other hosts can reach, the REST API (on the
# host's loopback unless --rest-public, which needs TLS), the first host as bootstrap node, and
# static links (--peer) to the first host and to the host on the line before its own: all in one
# /16, capped like any other address, a node keeps one regular outbound peer there, and these
# links give each at least two peers and keep the rest connected while any one node is down.
# Usage and hosts file format: docs/operations.md ("Multi-host").
set -euo pipefail

usage() {
  cat >&2 <<'USAGE'
usage: deploy-testnet.sh start|stop|kill|status [NAME...] --hosts FILE --data ROOT
         [--network devnet|POA_FILE] [--jar PATH] [--produce] [--reward ADDR]
         [--rest-tls DIR [--rest-public]] [--] [NODE ARGS...]

  hosts FILE   one node per line: NAME LISTEN_IP:PORT REST_PORT RUNNER...
               (RUNNER: "ssh user@host" or "ip netns exec elo-ns1"; '#' starts a comment)
  start        copies the jar to ssh hosts (scp, to ROOT/elo.jar) and starts each node with nohup,
               data in ROOT/NAME, log ROOT/NAME/node.log, pid ROOT/NAME/node.pid
  stop         SIGTERM (clean stop), waits up to 30 s;  kill: SIGKILL (crash tests)
  status       pid alive or not, and the last log line
  --network    devnet (default) or a PoA chain file with lines signers=HEX,... and spacing=2s
  --produce    mine (devnet, needs --reward) or seal (poa: ROOT/NAME/node.key must be a signer;
               --reward optional, default the sealing key's address)
  REST         served on the host's 127.0.0.1:REST_PORT by default (reach it through ssh -L)
  --rest-tls   HTTPS with DIR/NAME.crt (PEM chain) and DIR/NAME.key (PEM PKCS#8 key) per node,
               copied to ssh hosts as ROOT/NAME/rest.crt and rest.key (mode 600)
  --rest-public  serve REST on the node's listen IP instead; needs --rest-tls (admin endpoints
               also need the token the node creates in ROOT/NAME/api.token)
  NAME...      only these nodes (default: all)
USAGE
  exit 2
}

action="${1:-}"
[[ "$action" =~ ^(start|stop|kill|status)$ ]] || usage
shift
hosts="" data="" network="devnet" jar="" produce=0 reward="" tls="" public=0 names=() extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) hosts="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --network) network="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --produce) produce=1; shift ;;
    --reward) reward="$2"; shift 2 ;;
    --rest-tls) tls="$2"; shift 2 ;;
    --rest-public) public=1; shift ;;
    --) shift; extra=("$@"); break ;;
    -*) usage ;;
    *) names+=("$1"); shift ;;
  esac
done
[[ -n "$hosts" && -n "$data" ]] || usage
[[ -f "$hosts" ]] || { echo "no hosts file $hosts" >&2; exit 2; }
if [[ "$action" == start ]]; then
  [[ -n "$jar" && -f "$jar" ]] || { echo "start needs --jar PATH (an existing elo.jar)" >&2; exit 2; }
  jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
fi

if [[ $public == 1 && -z "$tls" ]]; then
  echo "--rest-public needs --rest-tls DIR: REST beyond loopback is served over HTTPS only" >&2
  exit 2
fi
if [[ -n "$tls" ]]; then
  [[ -d "$tls" ]] || { echo "--rest-tls: no directory $tls" >&2; exit 2; }
  tls="$(cd "$tls" && pwd)"
fi

network_args=()
if [[ "$network" == devnet ]]; then
  network_args=(--network devnet)
  if [[ $produce == 1 ]]; then
    [[ -n "$reward" ]] || { echo "--produce on devnet needs --reward ADDR" >&2; exit 2; }
  fi
elif [[ -f "$network" ]]; then
  signers="$(sed -n 's/^signers=//p' "$network")"
  spacing="$(sed -n 's/^spacing=//p' "$network")"
  [[ -n "$signers" ]] || { echo "$network has no signers= line" >&2; exit 2; }
  network_args=(--network poa --signers "$signers" --spacing "${spacing:-2s}")
else
  echo "--network must be devnet or a PoA chain file, not '$network'" >&2
  exit 2
fi

# Runs a shell command string on a host: ssh passes one string to the remote shell, a local
# runner (ip netns exec ...) gets `sh -c`.
on_host() {
  local runner="$1" cmd="$2"
  if [[ "$runner" == ssh\ * ]]; then
    $runner "$cmd"
  else
    $runner sh -c "$cmd"
  fi
}

quote() { printf '%q ' "$@"; }

first_listen=""
previous_listen=""
selected() {
  [[ ${#names[@]} -eq 0 ]] && return 0
  local n
  for n in "${names[@]}"; do [[ "$n" == "$1" ]] && return 0; done
  return 1
}

while read -r -u 3 name listen rest runner; do
  [[ -z "${name:-}" || "$name" == \#* ]] && continue
  [[ -n "$first_listen" ]] || first_listen="$listen"
  before="$previous_listen"
  previous_listen="$listen"
  selected "$name" || continue
  dir="$data/$name"
  pidfile="$dir/node.pid"
  case "$action" in
    start)
      node_jar="$jar"
      if [[ "$runner" == ssh\ * ]]; then
        host="${runner#ssh }"
        on_host "$runner" "mkdir -p $(quote "$data")"
        scp -q "$jar" "$host:$data/elo.jar"
        node_jar="$data/elo.jar"
      fi
      rest_ip=127.0.0.1; scheme=http
      [[ $public == 1 ]] && rest_ip="${listen%:*}"
      args=(node "${network_args[@]}" --datadir "$dir" --listen "$listen"
            --rest "$rest_ip:$rest")
      if [[ -n "$tls" ]]; then
        scheme=https
        cert="$tls/$name.crt" key="$tls/$name.key"
        [[ -f "$cert" && -f "$key" ]] || { echo "$name: --rest-tls needs $cert and $key" >&2; exit 2; }
        if [[ "$runner" == ssh\ * ]]; then
          on_host "$runner" "mkdir -p $(quote "$dir")"
          scp -q "$cert" "$host:$dir/rest.crt"
          scp -q "$key" "$host:$dir/rest.key"
          on_host "$runner" "chmod 600 $(quote "$dir/rest.key")"
          cert="$dir/rest.crt" key="$dir/rest.key"
        fi
        args+=(--rest-tls-cert "$cert" --rest-tls-key "$key")
      fi
      if [[ "$listen" != "$first_listen" ]]; then
        args+=(--bootstrap "$first_listen" --peer "$first_listen")
      fi
      if [[ -n "$before" && "$before" != "$first_listen" ]]; then
        args+=(--peer "$before")
      fi
      if [[ $produce == 1 ]]; then
        if [[ "$network" == devnet ]]; then args+=(--mine --reward "$reward"); else args+=(--seal); fi
        if [[ "$network" != devnet && -n "$reward" ]]; then args+=(--reward "$reward"); fi
      fi
      args+=("${extra[@]}")
      cmd="mkdir -p $(quote "$dir") && if [ -f $(quote "$pidfile") ] && kill -0 \$(cat $(quote "$pidfile")) 2>/dev/null; then echo already running; else nohup java -XX:+ExitOnOutOfMemoryError \${ELO_JAVA_OPTS:--Xmx384m} -jar $(quote "$node_jar" "${args[@]}") >>$(quote "$dir/node.log") 2>&1 </dev/null & echo \$! > $(quote "$pidfile"); fi"
      on_host "$runner" "$cmd"
      echo "$name: started on $listen (REST $scheme://$rest_ip:$rest/, log $dir/node.log)"
      ;;
    stop|kill)
      signal=TERM; [[ "$action" == kill ]] && signal=KILL
      cmd="if [ -f $(quote "$pidfile") ]; then p=\$(cat $(quote "$pidfile")); kill -$signal \$p 2>/dev/null; i=0; while kill -0 \$p 2>/dev/null && [ \$i -lt 300 ]; do sleep 0.1; i=\$((i+1)); done; if kill -0 \$p 2>/dev/null; then echo 'still running after 30 s'; exit 1; fi; rm -f $(quote "$pidfile"); fi"
      on_host "$runner" "$cmd"
      echo "$name: $([[ $action == kill ]] && echo killed || echo stopped)"
      ;;
    status)
      cmd="if [ -f $(quote "$pidfile") ] && kill -0 \$(cat $(quote "$pidfile")) 2>/dev/null; then echo \"running pid \$(cat $(quote "$pidfile"))\"; else echo stopped; fi; tail -n 1 $(quote "$dir/node.log") 2>/dev/null || true"
      echo "$name ($listen): $(on_host "$runner" "$cmd" | tr '\n' ' ')"
      ;;
  esac
done 3< "$hosts"
