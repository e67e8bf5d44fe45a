package dev.mcpspawner.gateway.bench;

import static dev.mcpspawner.runner.testing.BenchMessages.INITIALIZE;
import static dev.mcpspawner.runner.testing.BenchMessages.INITIALIZED;
import static dev.mcpspawner.runner.testing.BenchMessages.echo;

import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingOperator;
import dev.mcpspawner.runner.Runner;
import dev.mcpspawner.runner.testing.StdioMcpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The gateway's cost on one stdio server (server-everything's echo tool): client → gateway → runner
 * → server against client → runner → server and against direct stdio, at 1, 8 and 64 concurrent
 * sessions (p50, p99, throughput); then 1,000 sessions holding open GET streams through a gateway
 * limited to a 256 MB heap (heap after GC, live threads).
 *
 * <p>The gateway runs as its own process (the runnable jar, {@code -Xmx256m}) against the fabric8
 * mock API in this JVM; {@link TestingOperator} plays operator and kubelet and starts the real
 * runner per session. Run from the repository root, see docs/benchmarks/gateway.md.
 */
public final class GatewayBenchmark {
  private static final Path ROOT =
      Path.of("").toAbsolutePath().getFileName().toString().equals("gateway")
          ? Path.of("..").toAbsolutePath().normalize()
          : Path.of("").toAbsolutePath();
  private static final Path NPM = ROOT.resolve("fixtures/npm");
  static final String KEY = "bench-key-" + UUID.randomUUID();

  /** The bench key's group: an admin group where the gateway is told so (the admin benchmark). */
  static final String GROUP = "bench-admins";

  private static final List<Integer> SESSIONS =
      Arrays.stream(System.getProperty("bench.sessions", "1,8,64").split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .map(Integer::valueOf)
          .toList();
  private static final List<String> PATHS =
      List.of(System.getProperty("bench.paths", "stdio,runner,gateway").split(","));
  private static final Duration WARMUP =
      Duration.ofSeconds(Integer.getInteger("bench.warmupSeconds", 10));
  private static final Duration MEASURE =
      Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));

  /**
   * Calls per second per session; 0 (the default) calls back to back. Paced sessions show what a
   * path adds when the machine is not saturated: latency is counted from when a call was due, so
   * falling behind shows up in it (no coordinated omission).
   */
  private static final int RATE = Integer.getInteger("bench.rate", 0);

  /** Calls per second over all sessions of a row, spread evenly; used when bench.rate is 0. */
  private static final int TOTAL_RATE = Integer.getInteger("bench.totalRate", 0);

  private static final int STREAMS = Integer.getInteger("bench.streams", 1000);

  /**
   * Slices per path of the measured time (default 1: each path in one stretch). Above 1, all paths
   * of a row are open at once and take turns, so drifting load from elsewhere falls on each alike.
   */
  private static final int SLICES = Integer.getInteger("bench.slices", 1);

  /** One client session on one path. */
  interface Session extends AutoCloseable {
    void call(int id) throws Exception;

    @Override
    void close();
  }

  interface Path3 {
    Session open() throws Exception;
  }

  private GatewayBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("fixtures.npm.dir", NPM.toString());
    // bench.beforeGatewayJar: an older build of the gateway as a second process beside this one,
    // measured as path gateway-before in the same run (before/after under the same load)
    String beforeJar = System.getProperty("bench.beforeGatewayJar", "").strip();
    try (TestingCluster cluster = new TestingCluster();
        GatewayProcess gateway =
            GatewayProcess.start(cluster, GatewayProcess.jar(), "bench-gateway");
        GatewayProcess before =
            beforeJar.isEmpty()
                ? null
                : GatewayProcess.start(cluster, Path.of(beforeJar), "bench-gateway-before")) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      if (RATE > 0) {
        System.out.printf(Locale.ROOT, "# paced: %d calls/s per session%n", RATE);
      } else if (TOTAL_RATE > 0) {
        System.out.printf(Locale.ROOT, "# paced: %d calls/s over all sessions%n", TOTAL_RATE);
      }
      if (SLICES > 1) {
        System.out.printf(
            Locale.ROOT,
            "# paths take turns: %d slices of %.1f s each%n",
            SLICES,
            MEASURE.toMillis() / 1000.0 / SLICES);
      }
      System.out.printf(
          "%-28s %8s %10s %10s %12s %14s %14s %14s%n",
          "path",
          "sessions",
          "p50 ms",
          "p99 ms",
          "calls/s",
          "gw CPU us/call",
          "bench JVM us/c",
          "servers us/c");
      for (int n : SESSIONS) {
        report(n, gateway, before, http);
      }
      if (STREAMS > 0) {
        openStreams(http, gateway);
      }
    }
  }

  /**
   * Opens the row's sessions on every path, warms each up, then measures: each path in turn for the
   * whole measured time, or, with {@link #SLICES} above 1, the paths taking turns in that many
   * slices each, so that whatever else the machine runs falls on every path alike.
   */
  private static void report(
      int sessions, GatewayProcess gateway, GatewayProcess before, HttpClient http)
      throws Exception {
    List<Row> rows = new ArrayList<>();
    try {
      for (String path : PATHS) {
        Row row =
            switch (path.strip()) {
              case "stdio" -> new Row("direct stdio", GatewayBenchmark::stdioSession, gateway);
              case "runner" -> new Row("client → runner", () -> runnerSession(http), gateway);
              case "gateway" ->
                  new Row(
                      "client → gateway → runner",
                      () -> gatewaySession(http, gateway.url()),
                      gateway);
              case "gateway-before" -> {
                if (before == null) {
                  throw new IllegalArgumentException(
                      "bench.paths gateway-before needs -Dbench.beforeGatewayJar=<jar>");
                }
                yield new Row(
                    "gateway (before) → runner", () -> gatewaySession(http, before.url()), before);
              }
              default -> throw new IllegalArgumentException("unknown bench.paths entry: " + path);
            };
        rows.add(row);
        if (SLICES <= 1) {
          row.open(sessions);
          row.warmUp();
          row.measure(MEASURE);
          row.print();
          row.close();
        }
      }
      if (SLICES > 1) {
        for (Row row : rows) {
          row.open(sessions);
        }
        for (Row row : rows) {
          row.warmUp();
        }
        for (int slice = 0; slice < SLICES; slice++) {
          for (Row row : rows) {
            row.measure(MEASURE.dividedBy(SLICES));
          }
        }
        rows.forEach(Row::print);
      }
    } finally {
      rows.forEach(Row::close);
    }
  }

  /** One path at one number of sessions: its open sessions and what its measured time added up. */
  static final class Row implements AutoCloseable {
    private final String name;
    private final Path3 path;
    private final List<Session> open = new ArrayList<>();
    private long[] latencies = new long[4096];
    private int calls;
    private long nanos;
    private double gatewayCpu;
    private double benchCpu;
    private double serversCpu;
    private final GatewayProcess gateway;

    /**
     * @param gateway the gateway process whose CPU the row's gateway column counts
     */
    Row(String name, Path3 path, GatewayProcess gateway) {
      this.name = name;
      this.path = path;
      this.gateway = gateway;
    }

    void open(int sessions) throws Exception {
      ExecutorService starters = Executors.newFixedThreadPool(8);
      try {
        List<Future<Session>> futures = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
          futures.add(starters.submit(path::open));
        }
        for (Future<Session> f : futures) {
          open.add(f.get());
        }
      } finally {
        starters.shutdownNow();
      }
    }

    /**
     * Every session calls back to back until the warm-up ends, paced or not: it is there for the
     * JIT and the caches, which a few calls per second would leave cold. Nothing is counted.
     */
    void warmUp() throws Exception {
      try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
        runPhase(workers, open, System.nanoTime() + WARMUP.toNanos(), null, null);
      }
    }

    /** One measured stretch of {@code length}, added to what earlier stretches measured. */
    void measure(Duration length) throws Exception {
      long[][] mine = new long[open.size()][];
      int[] counts = new int[open.size()];
      try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
        Cpu before = Cpu.read(gateway);
        long start = System.nanoTime();
        long end = runPhase(workers, open, start + length.toNanos(), mine, counts);
        Cpu after = Cpu.read(gateway);
        nanos += end - start;
        gatewayCpu += after.gateway - before.gateway;
        benchCpu += after.bench - before.bench;
        serversCpu += after.servers - before.servers;
      }
      for (int s = 0; s < open.size(); s++) {
        if (calls + counts[s] > latencies.length) {
          latencies = Arrays.copyOf(latencies, Math.max(latencies.length * 2, calls + counts[s]));
        }
        System.arraycopy(mine[s], 0, latencies, calls, counts[s]);
        calls += counts[s];
      }
    }

    void print() {
      long[] all = Arrays.copyOf(latencies, calls);
      Arrays.sort(all);
      System.out.printf(
          Locale.ROOT,
          "%-28s %8d %10.3f %10.3f %12.0f %14.0f %14.0f %14.0f%n",
          name,
          open.size(),
          all[all.length / 2] / 1e6,
          all[(int) (all.length * 0.99)] / 1e6,
          all.length / (nanos / 1e9),
          gatewayCpu / all.length,
          benchCpu / all.length,
          serversCpu / all.length);
    }

    @Override
    public void close() {
      open.forEach(Session::close);
      open.clear();
    }
  }

  /** Runs every session until {@code deadline}; returns when the last call ended. */
  private static long runPhase(
      ExecutorService workers,
      List<Session> sessions,
      long deadline,
      long[][] latencies,
      int[] counts)
      throws Exception {
    List<Future<?>> runs = new ArrayList<>();
    for (int s = 0; s < sessions.size(); s++) {
      Session session = sessions.get(s);
      int slot = s;
      runs.add(
          workers.submit(
              () -> {
                long[] mine = new long[1024];
                int n = 0;
                long interval =
                    latencies == null
                        ? 0
                        : RATE > 0
                            ? 1_000_000_000L / RATE
                            : TOTAL_RATE > 0 ? sessions.size() * 1_000_000_000L / TOTAL_RATE : 0;
                // sessions start spread over one interval, not in lock step
                long due = System.nanoTime() + (interval * slot) / sessions.size();
                for (int id = 1; System.nanoTime() < deadline; id++) {
                  long t = System.nanoTime();
                  if (interval > 0) {
                    if (due > t) {
                      java.util.concurrent.locks.LockSupport.parkNanos(due - t);
                    }
                    t = due;
                    due += interval;
                  }
                  session.call(id);
                  if (n == mine.length) {
                    mine = Arrays.copyOf(mine, n * 2);
                  }
                  mine[n++] = System.nanoTime() - t;
                }
                if (latencies != null) {
                  latencies[slot] = mine;
                  counts[slot] = n;
                }
                return null;
              }));
    }
    for (Future<?> r : runs) {
      r.get();
    }
    return System.nanoTime();
  }

  /** CPU time (µs) of the gateway process, this JVM, and the MCP server processes. */
  record Cpu(double gateway, double bench, double servers) {
    static Cpu read(GatewayProcess gateway) {
      ProcessHandle self = ProcessHandle.current();
      double servers =
          self.descendants()
              .filter(p -> p.info().command().map(c -> c.endsWith("node")).orElse(false))
              .mapToDouble(Cpu::micros)
              .sum();
      return new Cpu(micros(gateway.process.toHandle()), micros(self), servers);
    }

    /** User + system time from {@code /proc/<pid>/stat} (clock ticks of 10 ms). */
    static double micros(ProcessHandle process) {
      try {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000.0;
      } catch (IOException | RuntimeException e) {
        return 0; // gone
      }
    }
  }

  /** The server as a client would run it locally: newline-delimited JSON-RPC on stdio. */
  private static Session stdioSession() throws IOException {
    StdioMcpClient server =
        StdioMcpClient.start(
            dev.mcpspawner.testing.Fixtures.everythingServer(), INITIALIZE, INITIALIZED);
    return new Session() {
      @Override
      public void call(int id) throws IOException {
        server.send(echo(id));
        server.await(id);
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  /** The runner alone, as the gateway sees it, over HTTP with its bearer. */
  private static Session runnerSession(HttpClient http) throws Exception {
    String token = UUID.randomUUID().toString();
    Runner runner =
        Runner.start(
            TestingOperator.runnerFor(TestingOperator.EVERYTHING, "bench-" + token, token));
    HttpSession session = new HttpSession(http, runner.mcpUri(), token, null, runner);
    session.initialize();
    return session;
  }

  /** Through the gateway: the McpSession is created, the runner started, then relayed to. */
  private static Session gatewaySession(HttpClient http, String gateway) throws Exception {
    HttpSession session =
        new HttpSession(http, URI.create(gateway + "/mcp/everything"), KEY, null, null);
    session.initialize();
    return session;
  }

  /** An MCP session over Streamable HTTP with the JDK client (the same client on both paths). */
  static final class HttpSession implements Session {
    private final HttpClient http;
    private final URI uri;
    private final String token;
    private String sessionId;
    private final AutoCloseable owned;

    HttpSession(HttpClient http, URI uri, String token, String sessionId, AutoCloseable owned) {
      this.http = http;
      this.uri = uri;
      this.token = token;
      this.sessionId = sessionId;
      this.owned = owned;
    }

    HttpResponse<String> post(String body) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json, text/event-stream")
              .header("MCP-Protocol-Version", "2025-06-18")
              .timeout(Duration.ofSeconds(120))
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (sessionId != null) {
        b.header("Mcp-Session-Id", sessionId);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    void initialize() throws Exception {
      HttpResponse<String> r = post(INITIALIZE);
      if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
        throw new IllegalStateException("initialize failed: " + r.statusCode() + " " + r.body());
      }
      sessionId = r.headers().firstValue("Mcp-Session-Id").orElse(null);
      post(INITIALIZED);
    }

    @Override
    public void call(int id) throws Exception {
      HttpResponse<String> r = post(echo(id));
      if (r.statusCode() != 200 || !r.body().contains("hello " + id)) {
        throw new IllegalStateException("call failed: " + r.statusCode() + " " + r.body());
      }
    }

    @Override
    public void close() {
      try {
        if (owned != null) {
          owned.close();
        } else if (sessionId != null) {
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", "Bearer " + token)
                  .header("Mcp-Session-Id", sessionId)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  /**
   * Many sessions each holding a GET stream open through the gateway; then its heap and threads.
   */
  private static void openStreams(HttpClient http, GatewayProcess gateway) throws Exception {
    URI uri = URI.create(gateway.url() + "/mcp/shared");
    List<String> ids = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        futures.add(
            pool.submit(
                () -> {
                  HttpSession s = new HttpSession(http, uri, KEY, null, null);
                  s.initialize();
                  return s.sessionId;
                }));
      }
      for (Future<String> f : futures) {
        ids.add(f.get());
      }
    }
    Metrics before = gateway.metricsAfterGc();
    List<HttpClient> clients = new ArrayList<>();
    List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      // Several clients, since one JDK client keeps at most a few hundred connections well.
      if (i % 250 == 0) {
        clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
      }
      streams.add(
          clients
              .get(clients.size() - 1)
              .sendAsync(
                  HttpRequest.newBuilder(uri)
                      .header("Authorization", "Bearer " + KEY)
                      .header("Accept", "text/event-stream")
                      .header("Mcp-Session-Id", ids.get(i))
                      .header("MCP-Protocol-Version", "2025-06-18")
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream()));
    }
    int open = 0;
    for (CompletableFuture<HttpResponse<InputStream>> f : streams) {
      HttpResponse<InputStream> r = f.get();
      if (r.statusCode() == 200) {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.startsWith("data:")) {
          // until the first event: the stream is open end to end
        }
        open++;
      }
    }
    Metrics after = gateway.metricsAfterGc();
    System.out.printf(
        Locale.ROOT,
        "%nopen GET streams through the gateway (-Xmx256m): %d of %d%n"
            + "  gateway heap after GC: %.1f MB with %d sessions idle, %.1f MB with the streams"
            + " open (+%.1f KB per stream)%n"
            + "  gateway live threads: %d → %d (platform: JVM, Jetty acceptor/selector, JDK pollers;"
            + " requests run on virtual threads)%n"
            + "  gateway open_streams gauge: %.0f%n",
        open,
        ids.size(),
        before.heapMb,
        ids.size(),
        after.heapMb,
        (after.heapMb - before.heapMb) * 1024 / Math.max(1, open),
        (int) before.threads,
        (int) after.threads,
        after.openStreams);
    for (CompletableFuture<HttpResponse<InputStream>> f : streams) {
      f.get().body().close();
    }
    clients.forEach(HttpClient::close);
  }

  record Metrics(double heapMb, double threads, double openStreams) {}

  /** The gateway's runnable jar in its own JVM, configured the way the chart does it. */
  static final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final String url;

    private GatewayProcess(Process process, String url) {
      this.process = process;
      this.url = url;
    }

    /** This build's gateway jar, or {@code bench.gatewayJar} (another build, run on its own). */
    static Path jar() {
      return Path.of(
          System.getProperty(
              "bench.gatewayJar",
              ROOT.resolve("gateway/target/mcp-spawner-gateway.jar").toString()));
    }

    static GatewayProcess start(TestingCluster cluster, Path jar, String logName) throws Exception {
      if (!Files.exists(jar)) {
        throw new IllegalStateException(jar + " missing: ./mvnw -pl gateway package first");
      }
      Path keys = Files.createTempFile("bench-keys", ".yaml");
      keys.toFile().deleteOnExit();
      Files.writeString(
          keys,
          "keys:\n  - id: bench\n    sha256: "
              + StaticApiKeyAuthenticator.hash(KEY)
              + "\n    user: bench@example.com\n    groups: ["
              + GROUP
              + "]\n");
      int port;
      try (var socket = new java.net.ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder pb =
          new ProcessBuilder(gatewayCommand(java, jar))
              .redirectErrorStream(true)
              .redirectOutput(ROOT.resolve("gateway/target/" + logName + ".log").toFile());
      var env = pb.environment();
      env.put("KUBERNETES_MASTER", cluster.apiUrl());
      env.put("KUBECONFIG", "/nonexistent");
      env.put("MCP_SPAWNER_SESSIONS_NAMESPACE", TestingCluster.NAMESPACE);
      env.put("MCP_SPAWNER_GATEWAY_HOST", "127.0.0.1");
      env.put("MCP_SPAWNER_GATEWAY_PORT", String.valueOf(port));
      env.put("MCP_SPAWNER_API_KEYS_FILE", keys.toString());
      env.put("MCP_SPAWNER_SPAWN_TIMEOUT", "120s");
      // bench.gatewayEnv: more of the gateway's environment, NAME=value,NAME=value
      for (String pair : System.getProperty("bench.gatewayEnv", "").split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          env.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
      }
      GatewayProcess gateway = new GatewayProcess(pb.start(), "http://127.0.0.1:" + port);
      // also when this JVM is stopped from outside: no gateway is left running after the bench
      Runtime.getRuntime().addShutdownHook(new Thread(gateway.process::destroy));
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 600; i++) {
        try {
          if (http.send(
                      HttpRequest.newBuilder(URI.create(gateway.url + "/readyz")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200) {
            return gateway;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(100);
      }
      gateway.close();
      throw new IllegalStateException("gateway did not become ready");
    }

    String url() {
      return url;
    }

    /** The chart's JVM flags for the gateway, plus {@code bench.gatewayJvmArgs}. */
    private static List<String> gatewayCommand(String java, Path jar) {
      List<String> command = new ArrayList<>();
      // bench.gatewayCpus: the CPUs the gateway may run on (taskset), as if it had a node of its
      // own
      String cpus = System.getProperty("bench.gatewayCpus", "").strip();
      if (!cpus.isEmpty()) {
        command.addAll(List.of("taskset", "-c", cpus));
      }
      command.addAll(List.of(java, "-Xmx256m", "-XX:+UseSerialGC"));
      String extra = System.getProperty("bench.gatewayJvmArgs", "").strip();
      if (!extra.isEmpty()) {
        command.addAll(List.of(extra.split("\\s+")));
      }
      command.addAll(List.of("-jar", jar.toString()));
      return command;
    }

    Metrics metricsAfterGc() throws Exception {
      String jcmd =
          Path.of(ProcessHandle.current().info().command().orElseThrow())
              .resolveSibling("jcmd")
              .toString();
      new ProcessBuilder(jcmd, String.valueOf(process.pid()), "GC.run")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
      String text =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double heap =
          text.lines()
              .filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
      return new Metrics(
          heap / 1024 / 1024,
          value(text, "jvm_threads_live_threads"),
          value(text, "mcp_gateway_open_streams"));
    }

    private static double value(String text, String name) {
      return text.lines()
          .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .findFirst()
          .orElse(-1);
    }

    @Override
    public void close() {
      process.destroy();
    }
  }
}
