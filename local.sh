#!/usr/bin/env bash
# Local mode: the whole of mcp-spawner on this machine (embedded Kubernetes API, operator, gateway,
# session pods as local processes), for evaluation and tests, not production.
# Builds what it needs on first use (and after source changes), then runs in the foreground;
# Ctrl-C stops it. Options: --port, --api-port, --data-dir, --npm-dir, --users, --auth
# (see --help and local/README.md).
set -euo pipefail
cd "$(dirname "$0")"

# Java 21+ (virtual threads); prefer a JDK from JAVA_HOME, else the newest Temurin installed.
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/javac" ]] \
    || ! "${JAVA_HOME}/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  candidate="$(ls -d /usr/lib/jvm/temurin-*-jdk* /usr/lib/jvm/java-2[1-9]-* 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -n "$candidate" ]]; then JAVA_HOME="$candidate"; fi
fi
export JAVA_HOME
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

jar=local/target/mcp-spawner-local.jar
if [[ ! -f "$jar" ]] || [[ -n "$(find contracts testing crds oauth operator runner gateway local examples/servers pom.xml -path '*/target' -prune -o -newer "$jar" -type f -print -quit)" ]]; then
  echo "building local mode (first run or sources changed)…"
  ./mvnw -B -q -ntp -pl local -am install -DskipTests
fi

opts=()
# Netty (inside the embedded API) still uses sun.misc.Unsafe; JDK 23+ warns about it on start.
if "$java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  opts+=(--sun-misc-unsafe-memory-access=allow)
fi
exec "$java" "${opts[@]}" -jar "$jar" "$@"
