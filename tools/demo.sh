#!/usr/bin/env bash
# make demo: a local mosquitto on loopback, closetd on embedded defaults, and what it published.
# Nothing leaves this machine: the broker listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CLOSETD:-.build/debug/closetd}
demo=.demo
seconds=${DEMO_SECONDS:-6}
rm -rf "$demo" && mkdir -p "$demo" && mkdir -m 0750 "$demo/state"
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
recommend:
  # Already past: the daemon makes today's recommendation as it starts.
  time: "00:00"
  temperature_celsius: 9
CONF

echo "== the mirror's camera, replayed: samples/frames (three mornings), through pose, garment detection and"
echo "   classification, into the inventory (closetd run --replay; file-name times are the clock)"
"$bin" run --replay --source "$PWD/samples/frames" --config "$demo/closetd.yaml" --state "$demo/state" 2>> "$demo/replay.log" \
  | sed 's/^/  /'
echo "== the inventory it built"
"$bin" inventory list --state "$demo/state" | sed 's/^/  /'
echo "== the wear log"
"$bin" inventory wears --state "$demo/state" | sed 's/^/  /'
# Every item the mirror saw is now in the worn state, and the recommender draws only on clean clothes.
echo "== laundry day: everything worn is washed (closetd laundry --worn clean)"
"$bin" laundry --worn clean --state "$demo/state" | sed 's/^/  /'

mosquitto_sub -h 127.0.0.1 -p "$port" -v -t 'closetd/#' -t 'homeassistant/#' -T 'closetd/demo/outfit/today/image' > "$demo/traffic.log" &
sub=$!
sleep 0.3

echo "== closetd run (broker 127.0.0.1:$port, ${seconds} s, then SIGTERM)"
"$bin" run --config "$demo/closetd.yaml" --state "$demo/state" &
daemon=$!
sleep 3
echo "== pressing 'Next outfit' (what the Home Assistant button publishes)"
mosquitto_pub -h 127.0.0.1 -p "$port" -t closetd/demo/feedback/set -m '{"action":"next"}' -q 1
sleep "$seconds"
kill -TERM $daemon
status=0; wait $daemon || status=$?
sleep 0.5
echo "== closetd exited with status $status"
echo "== MQTT traffic it produced (payloads cut at 160 characters):"
cut -c1-200 "$demo/traffic.log" | sed 's/^/  /'
mosquitto_sub -h 127.0.0.1 -p "$port" -t closetd/demo/outfit/today/image -C 1 -W 3 > "$demo/outfit-today.jpg" 2>/dev/null || true
echo "== today's outfit collage (retained on closetd/demo/outfit/today/image): $demo/outfit-today.jpg ($(stat -c %s "$demo/outfit-today.jpg") bytes)"
echo "== closetd recommend (on demand, from the CLI; it replaces today's recommendation):"
"$bin" recommend --state "$demo/state" --config "$demo/closetd.yaml" --no-publish | sed 's/^/  /'
echo "== state folder: $demo/state"
ls -la "$demo/state" | sed 's/^/  /'
exit $status
