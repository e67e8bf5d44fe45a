package dev.mcpspawner.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.local.LocalSettings;
import dev.mcpspawner.local.catalog.NpmPackages;
import dev.mcpspawner.local.testing.E2e;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What users meet (issue 17): the official TypeScript MCP client, fresh sessions, the whole system.
 * One Node.js client process per row ({@code src/test/fixtures/client-bench.mjs}) opens the
 * sessions at once, warms up, then calls the everything server's {@code echo} back to back; the
 * same client, in the same run, through each path:
 *
 * <ul>
 *   <li>{@code direct-stdio}: the client starts the server itself;
 *   <li>{@code supergateway}: supergateway 4 (stateful: a server process per session), no auth;
 *   <li>{@code mcp-proxy}: mcp-proxy 6 (one server shared by all sessions), no auth;
 *   <li>{@code mcp-spawner}: local mode (embedded API, operator, gateway with API keys, a runner
 *       JVM and a server per session); {@code mcp-spawner-2026}: the same with the 2026-07-28
 *       client.
 * </ul>
 *
 * <p>Rows are interleaved (each round runs every path at every session count, the order rotated).
 * CPU per call counts every process of the serving side over the measured calls, from {@code
 * /proc}: for mcp-spawner this JVM (API, operator, gateway; the harness idles meanwhile) plus the
 * runners and servers; for a bridge, the bridge and its servers. Memory per session is sampled
 * after the calls, the sessions idle for {@link #IDLE}.
 *
 * <p>Run from the {@code local} directory: {@code java ... ClientBenchmark [rounds] [sessions,...]
 * [warmup calls] [calls] [paths]}.
 */
public final class ClientBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "bench@example.com";
  private static final Duration IDLE = Duration.ofSeconds(3);
  private static final long TICK_NANOS = ProcStats.TICK_NANOS;
  private static final NpmPackages NPM = new NpmPackages(E2e.NPM);
  private static final Path EVERYTHING =
      E2e.NPM.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
  private static final Path DRIVER = Path.of("src/test/fixtures/client-bench.mjs").toAbsolutePath();

  /** One row of one round. */
  record Row(
      List<Double> latencies,
      List<Double> connects,
      double callsPerSecond,
      double cpuMicrosPerCall,
      String cpuSplit,
      double bridgeRssMb,
      double serverRssMb) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Integer> counts =
        Arrays.stream((args.length > 1 ? args[1] : "1,8,32").split(","))
            .map(Integer::parseInt)
            .toList();
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int calls = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
    List<String> paths =
        List.of(
            (args.length > 4 ? args[4] : "direct-stdio,supergateway,mcp-proxy,mcp-spawner")
                .split(","));
    System.out.printf(
        "# %d rounds, sessions %s, %d warm-up + %d measured calls per row, load average %s%n",
        rounds, counts, warmup, calls, Files.readString(Path.of("/proc/loadavg")).strip());
    Map<String, List<Row>> results = new LinkedHashMap<>();
    // Local mode's own activity interval, as a user runs it (the end-to-end tests write activity
    // every second to see idle teardown quickly; here that would be 32 API writes a second).
    try (E2e e2e = E2e.start(List.of(USER), LocalSettings.DEFAULT_ACTIVITY_INTERVAL)) {
      for (int round = 0; round < rounds; round++) {
        for (int count : counts) {
          List<String> order = new ArrayList<>(paths);
          java.util.Collections.rotate(order, round);
          for (String path : order) {
            Row row = runRow(e2e, path, count, warmup, calls);
            results.computeIfAbsent(path + "@" + count, k -> new ArrayList<>()).add(row);
            System.out.printf(
                Locale.ROOT,
                "round %d %-16s %2d sessions: p50 %.2f ms, %.0f calls/s, %.0f µs CPU/call,"
                    + " connect p50 %.0f ms%n",
                round + 1,
                path,
                count,
                percentile(row.latencies(), 50),
                row.callsPerSecond(),
                row.cpuMicrosPerCall(),
                percentile(row.connects(), 50));
          }
        }
      }
    }
    report(results, paths, counts);
  }

  private static Row runRow(E2e e2e, String path, int sessions, int warmup, int calls)
      throws Exception {
    List<Process> bridges = new ArrayList<>();
    try {
      String mcpUrl = e2e.local().mcpUrl("everything");
      List<String> target =
          switch (path) {
            case "direct-stdio" ->
                List.of(
                    "sdk",
                    "stdio",
                    JSON.writeValueAsString(List.of(NPM.node(), EVERYTHING.toString(), "stdio")));
            case "supergateway", "mcp-proxy" -> {
              int port = freePort();
              bridges.add(startBridge(path, port));
              yield List.of("sdk", "http", "http://127.0.0.1:" + port + "/mcp");
            }
            case "mcp-spawner" -> List.of("sdk", "http", mcpUrl);
            case "mcp-spawner-2026" -> List.of("client2026", "http", mcpUrl);
            default -> throw new IllegalArgumentException("unknown path " + path);
          };
      String family = target.get(0);
      List<String> command =
          new ArrayList<>(
              List.of(
                  NPM.node(),
                  DRIVER.toString(),
                  family,
                  E2e.NPM
                      .resolve(
                          family.equals("sdk")
                              ? "node_modules/@modelcontextprotocol/sdk"
                              : "node_modules/@modelcontextprotocol/client")
                      .toString(),
                  target.get(1),
                  target.get(2),
                  String.valueOf(sessions),
                  String.valueOf(warmup),
                  String.valueOf(calls)));
      if (path.startsWith("mcp-spawner")) {
        command.add(e2e.key(USER));
      }
      // The 1.x client warns about abort listeners under long runs; its stderr goes to a file.
      Path stderr = Path.of("target", "client-bench-" + path + "-" + sessions + ".log");
      Files.createDirectories(stderr.getParent());
      Process client = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      try {
        return measure(
            path, client, bridges, sessions * (int) Math.ceil((double) calls / sessions));
      } finally {
        client.destroyForcibly();
        client.waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      for (Process bridge : bridges) {
        bridge.descendants().forEach(ProcessHandle::destroyForcibly);
        bridge.destroyForcibly();
        bridge.waitFor(10, TimeUnit.SECONDS);
      }
      if (path.startsWith("mcp-spawner")) {
        awaitNoSessions(e2e);
      }
    }
  }

  private static Row measure(String path, Process client, List<Process> bridges, int measuredCalls)
      throws Exception {
    var out =
        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    Map<Long, Long> before = null;
    Map<Long, Long> after = null;
    double bridgeRss = 0;
    double serverRss = 0;
    String cpuSplit = "";
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals("MEASURE_START")) {
        before = cpuTicks(serving(path, client, bridges));
      } else if (line.equals("MEASURE_END")) {
        after = cpuTicks(serving(path, client, bridges));
        cpuSplit = split(before, after, measuredCalls);
        Thread.sleep(IDLE.toMillis());
        double[] rss = rssPerSession(path, client, bridges);
        bridgeRss = rss[0];
        serverRss = rss[1];
        OutputStream in = client.getOutputStream();
        in.write('\n');
        in.flush();
      } else if (line.startsWith("{")) {
        if (before == null || after == null) {
          throw new IllegalStateException("the client ended without measuring: " + line);
        }
        JsonNode result = JSON.readTree(line);
        long ticks = 0;
        for (var e : after.entrySet()) {
          ticks += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        int calls = result.path("calls").asInt();
        double window = result.path("windowMs").asDouble();
        double cpu = path.equals("direct-stdio") ? Double.NaN : ticks * TICK_NANOS / 1000.0 / calls;
        return new Row(
            numbers(result.get("latencies")),
            numbers(result.get("connectMs")),
            calls / (window / 1000.0),
            cpu,
            cpuSplit,
            bridgeRss,
            serverRss);
      }
    }
    throw new IllegalStateException(
        path + ": the client exited with " + client.waitFor() + " (its stderr is in target/)");
  }

  /**
   * The serving side's processes: this JVM and its descendants but the client's (mcp-spawner), a
   * bridge and its descendants, or (direct stdio) the client's servers.
   */
  private static List<ProcessHandle> serving(String path, Process client, List<Process> bridges) {
    if (path.startsWith("mcp-spawner")) {
      var clientSide =
          Stream.concat(Stream.of(client.toHandle()), client.descendants())
              .map(ProcessHandle::pid)
              .collect(Collectors.toSet());
      return Stream.concat(
              Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())
          .filter(p -> !clientSide.contains(p.pid()))
          .toList();
    }
    if (path.equals("direct-stdio")) {
      return client.descendants().toList();
    }
    return bridges.stream()
        .flatMap(b -> Stream.concat(Stream.of(b.toHandle()), b.descendants()))
        .toList();
  }

  /**
   * Resident memory per session in MB: the bridge's share (the runner JVM for mcp-spawner, the
   * bridge process over the sessions for the others) and the server's.
   */
  private static double[] rssPerSession(String path, Process client, List<Process> bridges) {
    List<ProcessHandle> fronts;
    if (path.startsWith("mcp-spawner")) {
      long clientPid = client.pid();
      fronts =
          ProcessHandle.current()
              .children()
              .filter(p -> p.pid() != clientPid)
              .filter(p -> p.info().command().orElse("").endsWith("java"))
              .toList();
    } else if (path.equals("direct-stdio")) {
      fronts = List.of();
    } else {
      fronts = bridges.stream().map(Process::toHandle).toList();
    }
    List<ProcessHandle> servers =
        path.equals("direct-stdio")
            ? client.children().toList()
            : fronts.stream().flatMap(ProcessHandle::descendants).toList();
    int sessions = Math.max(1, path.equals("mcp-proxy") ? 1 : servers.size());
    double front = fronts.stream().mapToLong(ClientBenchmark::rssKb).sum() / 1024.0;
    double server = servers.stream().mapToLong(ClientBenchmark::rssKb).sum() / 1024.0;
    int perFront = path.startsWith("mcp-spawner") ? Math.max(1, fronts.size()) : sessions;
    return new double[] {front / perFront, server / sessions};
  }

  private static Process startBridge(String path, int port) throws Exception {
    List<String> command =
        path.equals("supergateway")
            ? List.of(
                NPM.node(),
                E2e.NPM.resolve("node_modules/supergateway/dist/index.js").toString(),
                "--stdio",
                NPM.node() + " " + EVERYTHING + " stdio",
                "--outputTransport",
                "streamableHttp",
                "--stateful",
                "--logLevel",
                "none",
                "--port",
                String.valueOf(port))
            : List.of(
                NPM.node(),
                E2e.NPM.resolve("node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs").toString(),
                "--port",
                String.valueOf(port),
                "--host",
                "127.0.0.1",
                "--server",
                "stream",
                "--",
                NPM.node(),
                EVERYTHING.toString(),
                "stdio");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return p;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException(path + " did not listen on " + port);
  }

  /**
   * Ends what the row left: a 2025 client's session ends with its DELETE, a 2026-07-28 client's
   * sandbox only when idle, so the next row would find it warm. Deleted as an administrator would.
   */
  private static void awaitNoSessions(E2e e2e) throws InterruptedException {
    try (var client = e2e.local().newClient()) {
      client.resources(McpSession.class).inNamespace(LocalSettings.NAMESPACE).delete();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      boolean runners =
          ProcessHandle.current()
              .children()
              .anyMatch(p -> p.info().command().orElse("").endsWith("java"));
      if (e2e.sessions().isEmpty() && !runners) {
        return;
      }
      Thread.sleep(200);
    }
    System.out.println("# warning: sessions still open after 120 s: " + e2e.sessions().size());
  }

  private static void report(
      Map<String, List<Row>> results, List<String> paths, List<Integer> counts) {
    System.out.println();
    System.out.println(
        "| path | sessions | p50 ms | p99 ms | calls/s | CPU µs/call, serving side | of which this JVM / runners or bridges / servers | connect p50 ms"
            + " | connect p99 ms | RSS/session: bridge or runner MB | server MB |");
    System.out.println("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
    Map<String, Double> callsPerSecond = new HashMap<>();
    for (int count : counts) {
      for (String path : paths) {
        List<Row> rows = results.getOrDefault(path + "@" + count, List.of());
        if (rows.isEmpty()) {
          continue;
        }
        List<Double> latencies = rows.stream().flatMap(r -> r.latencies().stream()).toList();
        List<Double> connects = rows.stream().flatMap(r -> r.connects().stream()).toList();
        double cps = median(rows.stream().map(Row::callsPerSecond).toList());
        callsPerSecond.put(path + "@" + count, cps);
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %.2f | %.2f | %.0f | %s | %s | %.0f | %.0f | %s | %.0f |%n",
            path,
            count,
            percentile(latencies, 50),
            percentile(latencies, 99),
            cps,
            path.equals("direct-stdio")
                ? "–"
                : String.format(
                    Locale.ROOT, "%.0f", median(rows.stream().map(Row::cpuMicrosPerCall).toList())),
            path.equals("direct-stdio")
                ? "–"
                : rows.stream().map(Row::cpuSplit).collect(Collectors.joining("; ")),
            percentile(connects, 50),
            percentile(connects, 99),
            path.equals("direct-stdio")
                ? "–"
                : String.format(
                    Locale.ROOT, "%.0f", median(rows.stream().map(Row::bridgeRssMb).toList())),
            median(rows.stream().map(Row::serverRssMb).toList()));
      }
    }
    System.out.println();
    for (int count : counts) {
      Optional<Double> peer =
          Stream.of("supergateway", "mcp-proxy")
              .map(p -> callsPerSecond.get(p + "@" + count))
              .filter(v -> v != null)
              .max(Double::compare);
      Double ours = callsPerSecond.get("mcp-spawner@" + count);
      if (peer.isPresent() && ours != null) {
        System.out.printf(
            Locale.ROOT,
            "calls/s at %d sessions: mcp-spawner / better peer = %.2f%n",
            count,
            ours / peer.get());
      }
    }
  }

  /**
   * µs per call of this JVM (mcp-spawner: API, operator, gateway; a bridge: none), of the fronts
   * (runner JVMs, bridges) and of the servers.
   */
  private static String split(Map<Long, Long> before, Map<Long, Long> after, int calls) {
    long self = ProcessHandle.current().pid();
    long[] parts = new long[3];
    for (var e : after.entrySet()) {
      long ticks = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      int part;
      if (e.getKey() == self) {
        part = 0;
      } else {
        String command = ProcessHandle.of(e.getKey()).flatMap(p -> p.info().command()).orElse("");
        boolean front =
            command.endsWith("java")
                || ProcessHandle.of(e.getKey())
                    .flatMap(ProcessHandle::parent)
                    .map(p -> p.pid() == self)
                    .orElse(false);
        part = front ? 1 : 2;
      }
      parts[part] += ticks;
      if (Boolean.getBoolean("bench.debug")) {
        System.out.printf(
            "# pid %d part %d ticks %d %s%n",
            e.getKey(),
            part,
            ticks,
            ProcessHandle.of(e.getKey()).map(p -> p.info().toString()).orElse("gone"));
      }
    }
    return Arrays.stream(parts)
        .mapToObj(t -> String.format(Locale.ROOT, "%.0f", t * TICK_NANOS / 1000.0 / calls))
        .collect(Collectors.joining(" / "));
  }

  private static Map<Long, Long> cpuTicks(List<ProcessHandle> processes) {
    Map<Long, Long> ticks = new HashMap<>();
    processes.forEach(p -> ticks.put(p.pid(), ProcStats.cpuTicks(p.pid())));
    return ticks;
  }

  private static long rssKb(ProcessHandle p) {
    return ProcStats.rssKb(p.pid());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static List<Double> numbers(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asDouble()));
    return out;
  }

  private static double median(List<Double> values) {
    return percentile(values, 50);
  }

  private static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private ClientBenchmark() {}
}
