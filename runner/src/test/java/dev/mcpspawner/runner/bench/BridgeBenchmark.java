package dev.mcpspawner.runner.bench;

import static dev.mcpspawner.runner.testing.BenchMessages.INITIALIZE;
import static dev.mcpspawner.runner.testing.BenchMessages.INITIALIZED;
import static dev.mcpspawner.runner.testing.BenchMessages.echo;

import dev.mcpspawner.runner.testing.StdioMcpClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The runner beside its peers on one stdio server (the everything server's echo tool) and one
 * client: direct stdio, the runner, supergateway and mcp-proxy, at 1 and 8 concurrent sessions.
 * Prints p50, p99, throughput, the bridge's resident memory and the CPU per call of the bridge, the
 * MCP servers and the client. Each row warms up for {@code bench.warmupSeconds} (10) and measures
 * for {@code bench.seconds} (10): fixed-length phases, the same for every bridge, so a JVM is
 * measured warm. {@code bench.bridges} also takes {@code mcp-proxy-per-session} (one mcp-proxy,
 * with its own server, per session). Run from the repository root:
 *
 * <pre>
 * ./mvnw -pl runner install -DskipTests
 * ./mvnw -pl runner exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.mcpspawner.runner.bench.BridgeBenchmark
 * </pre>
 */
public final class BridgeBenchmark {
  private static final Path ROOT = locateRoot();
  private static final Path NPM = ROOT.resolve("fixtures/npm/node_modules");
  private static final String EVERYTHING =
      NPM.resolve("@modelcontextprotocol/server-everything/dist/index.js").toString();

  /** Every session calls for this long before measuring, so JITs and caches are warm. */
  private static final long WARMUP_SECONDS = Long.getLong("bench.warmupSeconds", 10);

  /** Then for this long, measured. */
  private static final long SECONDS = Long.getLong("bench.seconds", 10);

  /** A call that takes longer than this means the bridge is stuck: the run fails. */
  private static final long STUCK_SECONDS = 60;

  /** One client session against one bridge. */
  interface Session extends AutoCloseable {
    void call(int id) throws Exception;

    @Override
    void close();
  }

  /** A running bridge: something that hands out sessions and has processes to measure. */
  interface Bridge extends AutoCloseable {
    Session open() throws Exception;

    List<ProcessHandle> bridgeProcesses();

    /** The MCP server processes, for their share of the CPU. */
    default List<ProcessHandle> serverProcesses() {
      return bridgeProcesses().stream().flatMap(ProcessHandle::descendants).toList();
    }

    @Override
    void close();
  }

  private BridgeBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "%-21s %8s %10s %10s %12s %14s %16s %16s %16s%n",
        "bridge",
        "sessions",
        "p50 ms",
        "p99 ms",
        "calls/s",
        "bridge RSS MB",
        "bridge CPU us/call",
        "server CPU us/call",
        "client CPU us/call");
    for (String name :
        System.getProperty("bench.bridges", "direct-stdio,runner,supergateway,mcp-proxy")
            .split(",")) {
      for (String sessions : System.getProperty("bench.sessions", "1,8").split(",")) {
        run(name, Integer.parseInt(sessions.strip()));
      }
    }
  }

  private static void run(String name, int sessions) throws Exception {
    try (Bridge bridge = start(name, sessions)) {
      List<Session> clients = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        clients.add(bridge.open());
      }
      long[][] latencies;
      long wall;
      long cpuBefore;
      long cpuAfter;
      long serverCpuBefore;
      long serverCpuAfter;
      long clientCpuBefore;
      long clientCpuAfter;
      // Daemon threads, not awaited on failure: closing the bridge ends a stuck call.
      ExecutorService pool =
          Executors.newFixedThreadPool(sessions, r -> Thread.ofPlatform().daemon().unstarted(r));
      try {
        // Warm-up and measurement are phases of fixed length, the same for every bridge: each
        // session calls until the phase's deadline.
        runPhase(pool, clients, WARMUP_SECONDS);
        cpuBefore = cpuTicks(bridge.bridgeProcesses());
        serverCpuBefore = cpuTicks(bridge.serverProcesses());
        clientCpuBefore = cpuTicks(List.of(ProcessHandle.current()));
        long start = System.nanoTime();
        List<long[]> measured = runPhase(pool, clients, SECONDS);
        wall = System.nanoTime() - start;
        cpuAfter = cpuTicks(bridge.bridgeProcesses());
        serverCpuAfter = cpuTicks(bridge.serverProcesses());
        clientCpuAfter = cpuTicks(List.of(ProcessHandle.current()));
        latencies = measured.toArray(long[][]::new);
      } finally {
        pool.shutdownNow();
      }
      long rss = bridge.bridgeProcesses().stream().mapToLong(BridgeBenchmark::rssKb).sum();
      clients.forEach(Session::close);
      long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "%-21s %8d %10.3f %10.3f %12.0f %14s %16s %16.0f %16.0f%n",
          name,
          sessions,
          all[all.length / 2] / 1e6,
          all[(int) (all.length * 0.99)] / 1e6,
          all.length / (wall / 1e9),
          bridge.bridgeProcesses().isEmpty()
              ? "-"
              : String.format(Locale.ROOT, "%.0f", rss / 1024.0),
          bridge.bridgeProcesses().isEmpty()
              ? "-"
              : String.format(
                  Locale.ROOT, "%.0f", (cpuAfter - cpuBefore) * TICK_MICROS / all.length),
          (serverCpuAfter - serverCpuBefore) * TICK_MICROS / all.length,
          (clientCpuAfter - clientCpuBefore) * TICK_MICROS / all.length);
    }
  }

  /**
   * Every session calls until {@code seconds} from now; returns each session's latencies (ns). The
   * phase waits for the calls in flight at the deadline, at most {@link #STUCK_SECONDS} more.
   */
  private static List<long[]> runPhase(ExecutorService pool, List<Session> sessions, long seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<long[]>> done = new ArrayList<>();
    for (Session session : sessions) {
      done.add(pool.submit(() -> loop(session, deadline)));
    }
    List<long[]> latencies = new ArrayList<>();
    for (Future<long[]> f : done) {
      long left = deadline - System.nanoTime() + TimeUnit.SECONDS.toNanos(STUCK_SECONDS);
      try {
        latencies.add(f.get(Math.max(left, 0), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        throw new IllegalStateException("a call took longer than " + STUCK_SECONDS + " s", e);
      }
    }
    return latencies;
  }

  private static long[] loop(Session session, long deadline) throws Exception {
    long[] out = new long[4096];
    int n = 0;
    for (long t = System.nanoTime(); t - deadline < 0; ) {
      session.call(n + 1);
      long now = System.nanoTime();
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = now - t;
      t = now;
    }
    return Arrays.copyOf(out, n);
  }

  private static Bridge start(String name, int sessions) throws Exception {
    return switch (name) {
      case "direct-stdio" -> new DirectStdio();
      case "runner" -> new Runners(sessions);
      case "supergateway" ->
          new NodeBridge(
              port ->
                  List.of(
                      "node",
                      NPM.resolve("supergateway/dist/index.js").toString(),
                      "--stdio",
                      "node " + EVERYTHING + " stdio",
                      "--outputTransport",
                      "streamableHttp",
                      "--stateful",
                      "--logLevel",
                      "none",
                      "--port",
                      String.valueOf(port)));
      case "mcp-proxy" -> new NodeBridge(BridgeBenchmark::mcpProxy);
      case "mcp-proxy-per-session" -> new PerSession(sessions, BridgeBenchmark::mcpProxy);
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static List<String> mcpProxy(int port) {
    return List.of(
        "node",
        NPM.resolve("mcp-proxy/dist/bin/mcp-proxy.mjs").toString(),
        "--port",
        String.valueOf(port),
        "--host",
        "127.0.0.1",
        "--server",
        "stream",
        "--",
        "node",
        EVERYTHING,
        "stdio");
  }

  /**
   * One Node bridge process per session, each with its own server: the isolation the runner gives
   * (mcp-proxy shares one server among all its sessions).
   */
  private static final class PerSession implements Bridge {
    private final List<NodeBridge> bridges = new ArrayList<>();
    private int next;

    PerSession(int sessions, java.util.function.IntFunction<List<String>> command)
        throws Exception {
      for (int i = 0; i < sessions; i++) {
        bridges.add(new NodeBridge(command));
      }
    }

    @Override
    public Session open() throws Exception {
      return bridges.get(next++).open();
    }

    @Override
    public List<ProcessHandle> bridgeProcesses() {
      return bridges.stream().flatMap(b -> b.bridgeProcesses().stream()).toList();
    }

    @Override
    public void close() {
      bridges.forEach(NodeBridge::close);
    }
  }

  /** The client speaking to the server's own stdin and stdout: the floor. */
  private static final class DirectStdio implements Bridge {
    private final List<StdioMcpClient> servers = new ArrayList<>();

    @Override
    public Session open() throws Exception {
      StdioMcpClient server =
          StdioMcpClient.start(List.of("node", EVERYTHING, "stdio"), INITIALIZE, INITIALIZED);
      servers.add(server);
      return new Session() {
        @Override
        public void call(int id) throws IOException {
          server.send(echo(id));
          String answer = server.await(id);
          if (!answer.contains("Echo: hello")) {
            throw new IllegalStateException(answer);
          }
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public List<ProcessHandle> bridgeProcesses() {
      return List.of();
    }

    @Override
    public List<ProcessHandle> serverProcesses() {
      return servers.stream().map(StdioMcpClient::process).toList();
    }

    @Override
    public void close() {
      servers.forEach(StdioMcpClient::close);
    }
  }

  /** A Streamable HTTP session: initialize, keep the session id if one is issued, call echo. */
  private static Session httpSession(URI mcp) throws Exception {
    PlainHttpClient http = new PlainHttpClient(mcp);
    PlainHttpClient.Response init = http.post(INITIALIZE, Map.of());
    String sessionId = init.headers().get("mcp-session-id");
    Map<String, String> headers =
        sessionId == null ? Map.of() : Map.of("Mcp-Session-Id", sessionId);
    http.post(INITIALIZED, headers);
    return new Session() {
      @Override
      public void call(int id) throws Exception {
        PlainHttpClient.Response response = http.post(echo(id), headers);
        if (!response.body().contains("Echo: hello")) {
          throw new IllegalStateException(response.status() + " " + response.body());
        }
      }

      @Override
      public void close() {
        http.close();
      }
    };
  }

  /** One runner process per session, as one session pod each. */
  private static final class Runners implements Bridge {
    private final List<Process> runners = new ArrayList<>();
    private final List<URI> endpoints = new ArrayList<>();
    private int next;

    Runners(int sessions) throws Exception {
      Path jar =
          Path.of(
              System.getProperty(
                  "bench.runnerJar",
                  ROOT.resolve("runner/target/mcp-spawner-runner.jar").toString()));
      for (int i = 0; i < sessions; i++) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the flags of runner/Dockerfile
        command.addAll(
            List.of(
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xms32m",
                "-Xmn16m",
                "-XX:MaxRAMPercentage=50",
                "-XX:ReservedCodeCacheSize=24m",
                "-Xss512k",
                "-XX:+UseCompactObjectHeaders"));
        String extra = System.getProperty("bench.runnerJvmArgs", "").strip();
        if (!extra.isEmpty()) {
          command.addAll(List.of(extra.replace("{i}", String.valueOf(i)).split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "node", EVERYTHING, "stdio"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MCP_RUNNER_PORT", String.valueOf(port));
        pb.environment().put("MCP_RUNNER_BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("MCP_RUNNER_ALLOW_UNAUTHENTICATED", "true");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t = System.nanoTime();
        runners.add(pb.start());
        URI base = URI.create("http://127.0.0.1:" + port);
        waitFor(base.resolve("/readyz"));
        if (i == 0) {
          System.out.printf(
              Locale.ROOT,
              "# runner: process start to /readyz (JVM + node server + initialize): %d ms%n",
              (System.nanoTime() - t) / 1_000_000);
        }
        endpoints.add(base.resolve("/mcp"));
      }
    }

    @Override
    public Session open() throws Exception {
      return httpSession(endpoints.get(next++));
    }

    @Override
    public List<ProcessHandle> bridgeProcesses() {
      return runners.stream().map(Process::toHandle).toList();
    }

    @Override
    public void close() {
      runners.forEach(Process::destroy);
      runners.forEach(BridgeBenchmark::waitQuietly);
    }
  }

  /** A Node.js bridge (supergateway, mcp-proxy) serving every session from one process. */
  private static final class NodeBridge implements Bridge {
    private final Process process;
    private final URI mcp;

    NodeBridge(java.util.function.IntFunction<List<String>> command) throws Exception {
      int port = freePort();
      process =
          new ProcessBuilder(command.apply(port))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      mcp = URI.create("http://127.0.0.1:" + port + "/mcp");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try {
          httpSession(mcp).close();
          break;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
    }

    @Override
    public Session open() throws Exception {
      return httpSession(mcp);
    }

    @Override
    public List<ProcessHandle> bridgeProcesses() {
      return List.of(process.toHandle());
    }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      waitQuietly(process);
    }
  }

  private static void waitFor(URI ready) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(ready + " not ready");
      }
      Thread.sleep(20);
    }
  }

  private static void waitQuietly(Process p) {
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long rssKb(ProcessHandle process) {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // gone
    }
    return 0;
  }

  /** Clock ticks are 10 ms on Linux ({@code getconf CLK_TCK} = 100). */
  private static final double TICK_MICROS = 10_000.0;

  /** User plus system CPU of the processes, in clock ticks, from {@code /proc/<pid>/stat}. */
  private static long cpuTicks(List<ProcessHandle> processes) {
    long ticks = 0;
    for (ProcessHandle process : processes) {
      try {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        // fields after the command name, which is in parentheses and may contain spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
      } catch (IOException | RuntimeException e) {
        // gone
      }
    }
    return ticks;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path locateRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("fixtures/npm"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("run from inside the repository");
    }
    return dir;
  }
}
