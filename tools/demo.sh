#!/usr/bin/env bash
# make demo: a local mosquitto on loopback, closetd on embedded defaults, and what it published.
# Nothing leaves this machine: the broker listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CLOSETD:-.build/debug/closetd}
demo=.demo
seconds=${DEMO_SECONDS:-6}
rm -rf "$demo" && mkdir -p "$demo/state"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat > "$demo/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
CONF
[ "$(id -u)" = 0 ] && echo "user root" >> "$demo/mosquitto.conf"
mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
"$mosquitto_bin" -c "$demo/mosquitto.conf" 2> "$demo/broker.log" &
broker=$!
trap 'kill $broker 2>/dev/null || true; kill ${sub:-} 2>/dev/null || true' EXIT
for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

cat > "$demo/closetd.yaml" <<CONF
device_id: demo
models_dir: $PWD/models-int8
mqtt:
  host: 127.0.0.1
  port: $port
  stats_interval_seconds: 2
CONF
if compgen -G "samples/frames/*.jpg" > /dev/null; then
  printf 'camera:\n  replay: %s\n' "$PWD/samples/frames" >> "$demo/closetd.yaml"
fi

mosquitto_sub -h 127.0.0.1 -p "$port" -v -t 'closetd/#' -t 'homeassistant/#' > "$demo/traffic.log" &
sub=$!
sleep 0.3

echo "== closetd run (broker 127.0.0.1:$port, ${seconds} s, then SIGTERM)"
"$bin" run --config "$demo/closetd.yaml" --state "$demo/state" &
daemon=$!
sleep "$seconds"
kill -TERM $daemon
status=0; wait $daemon || status=$?
sleep 0.5
echo "== closetd exited with status $status"
echo "== MQTT traffic it produced (payloads cut at 160 characters):"
cut -c1-200 "$demo/traffic.log" | sed 's/^/  /'
echo "== state folder: $demo/state"
ls -la "$demo/state" | sed 's/^/  /'
exit $status
