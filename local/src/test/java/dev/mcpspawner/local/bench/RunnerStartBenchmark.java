package dev.mcpspawner.local.bench;

import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.local.LocalApiKeys;
import dev.mcpspawner.local.LocalMode;
import dev.mcpspawner.local.LocalSettings;
import dev.mcpspawner.local.catalog.LocalCatalog;
import dev.mcpspawner.local.catalog.NpmPackages;
import dev.mcpspawner.local.kubelet.ContainerCommand;
import dev.mcpspawner.local.testing.McpPost;
import dev.mcpspawner.testing.Fixtures;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A session runner's start, with and without the runner's AOT cache, interleaved in one run.
 *
 * <p>Part 1, one runner at a time in front of the memory server (as local mode starts it): time
 * from process start to {@code /readyz} 200 and to the answer of {@code initialize} (which waits
 * for the server's own start and handshake), the runner JVM's CPU (user + system) and RSS once that
 * answer is in. Variants: {@code classpath} (local mode's command before the cache: its whole class
 * path, {@code -Xshare:auto}), {@code runner-cp} (the runner's class path alone, no cache), {@code
 * aot} (the runner's class path and the cache).
 *
 * <p>Part 2, local mode end to end: {@code concurrent} sessions opened at once through the gateway,
 * time to each client's first answer, with local mode as before (no cache) and with the cache; one
 * fresh local mode per round.
 *
 * <p>Args: [rounds of part 1 = 10] [rounds of part 2 = 3] [concurrent = 20].
 */
public final class RunnerStartBenchmark {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String INIT = McpPost.initialize("2025-06-18", "bench");
  private static final long TICK_MS = 10; // USER_HZ = 100 on Linux

  record Start(double readyMs, double answerMs, double cpuMs, double rssMb) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int localRounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int concurrent = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    NpmPackages npm = new NpmPackages(Fixtures.npm());
    Path work = Files.createTempDirectory("mcp-spawner-runner-start-");
    System.out.printf(
        "machine: %d cpus, %s %s, load %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Files.readString(Path.of("/proc/loadavg")).strip());

    ContainerCommand aot = ContainerCommand.runnerWithAotCache(work.resolve("aot"));
    long t = System.nanoTime();
    Path cache = aot.aotCache().orElseThrow().buildInBackground().join().orElseThrow();
    System.out.printf(
        "AOT cache built in %.1f s (%d MB)%n",
        (System.nanoTime() - t) / 1e9, Files.size(cache) >> 20);
    List<String> withCache = aot.entrypoint();
    List<String> runnerCp = new ArrayList<>(withCache);
    runnerCp.removeIf(a -> a.startsWith("-XX:AOT"));
    runnerCp.add(runnerCp.indexOf("-cp"), "-Xshare:auto");
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("classpath", ContainerCommand.runnerFromClassPath().entrypoint());
    variants.put("runner-cp", runnerCp);
    variants.put("aot", withCache);

    List<String> server =
        List.of(npm.node(), npm.binScript("@modelcontextprotocol/server-memory").toString());
    Map<String, List<Start>> starts = new LinkedHashMap<>();
    variants.keySet().forEach(v -> starts.put(v, new ArrayList<>()));
    startOne(variants.get("classpath"), server, work); // warm-up: the page cache
    for (int r = 0; r < rounds; r++) {
      List<String> order = new ArrayList<>(variants.keySet());
      java.util.Collections.rotate(order, r);
      for (String v : order) {
        starts.get(v).add(startOne(variants.get(v), server, work));
      }
    }
    System.out.printf("%none runner at a time, %d rounds, p50 (min–max)%n", rounds);
    System.out.println(
        "| runner | /readyz ms | initialize answered ms | runner CPU ms | runner RSS MB |");
    System.out.println("|---|---|---|---|---|");
    starts.forEach(
        (v, list) ->
            System.out.printf(
                "| %s | %s | %s | %s | %s |%n",
                v,
                summary(list.stream().mapToDouble(Start::readyMs).toArray()),
                summary(list.stream().mapToDouble(Start::answerMs).toArray()),
                summary(list.stream().mapToDouble(Start::cpuMs).toArray()),
                summary(list.stream().mapToDouble(Start::rssMb).toArray())));

    Map<String, List<double[]>> concurrentRuns = new LinkedHashMap<>();
    concurrentRuns.put("local mode, no cache (before)", new ArrayList<>());
    concurrentRuns.put("local mode, AOT cache", new ArrayList<>());
    for (int r = 0; r < localRounds; r++) {
      concurrentRuns.get("local mode, no cache (before)").add(concurrently(npm, null, concurrent));
      concurrentRuns
          .get("local mode, AOT cache")
          .add(concurrently(npm, work.resolve("aot"), concurrent));
    }
    System.out.printf(
        "%n%d sessions opened at once through the gateway, time to first answer, %d rounds%n",
        concurrent, localRounds);
    System.out.println("| local mode | p50 ms per round | max ms per round |");
    System.out.println("|---|---|---|");
    concurrentRuns.forEach(
        (v, runs) ->
            System.out.printf(
                "| %s | %s | %s |%n",
                v,
                String.join(
                    ", ", runs.stream().map(a -> "%.0f".formatted(percentile(a, 0.5))).toList()),
                String.join(
                    ", ", runs.stream().map(a -> "%.0f".formatted(a[a.length - 1])).toList())));
    System.exit(0);
  }

  private static Start startOne(List<String> command, List<String> server, Path work)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createDirectories(work.resolve("runner-" + port));
    Files.writeString(dir.resolve("token"), "t0ken");
    List<String> runner = new java.util.ArrayList<>(command);
    runner.addAll(server); // the server's command: the runner's arguments
    ProcessBuilder pb = new ProcessBuilder(runner).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("MCP_RUNNER_PORT", String.valueOf(port));
    env.put("MCP_RUNNER_BIND_ADDRESS", "127.0.0.1");
    env.put("MCP_RUNNER_TOKEN_FILE", dir.resolve("token").toString());
    env.put("MCP_RUNNER_TERMINATION_LOG", dir.resolve("termination-log").toString());
    env.put("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString());
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("runner.log").toFile());
    URI base = URI.create("http://127.0.0.1:" + port);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      long ready;
      while (true) {
        try {
          if (HTTP.send(
                      HttpRequest.newBuilder(base.resolve("/readyz"))
                          .timeout(Duration.ofSeconds(5))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200) {
            ready = System.nanoTime();
            break;
          }
        } catch (java.io.IOException notYet) {
          // not listening yet
        }
        if (!p.isAlive() || System.nanoTime() - t0 > 60e9) {
          throw new IllegalStateException("runner never ready: " + dir.resolve("runner.log"));
        }
        Thread.sleep(5);
      }
      HttpResponse<String> init =
          HTTP.send(
              McpPost.to(base.resolve("/mcp"), "t0ken", INIT)
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long answered = System.nanoTime();
      if (init.statusCode() != 200 || !init.body().contains("\"result\"")) {
        throw new IllegalStateException("initialize: " + init.statusCode() + " " + init.body());
      }
      long ticks = ProcStats.cpuTicks(p.pid());
      double rss = ProcStats.rssKb(p.pid()) / 1024.0;
      return new Start((ready - t0) / 1e6, (answered - t0) / 1e6, ticks * TICK_MS, rss);
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  /** Time to first answer of each of {@code n} sessions opened at once, sorted. */
  private static double[] concurrently(NpmPackages npm, Path cacheDir, int n) throws Exception {
    Path data = Files.createTempDirectory("mcp-spawner-runner-start-local-");
    String key = LocalApiKeys.newKey();
    try (LocalMode local =
        LocalMode.start(
            LocalSettings.builder(data)
                .ports(0, 0)
                .apiKeys(List.of(LocalApiKeys.entry("bench", "bench@example.com", key)))
                .userDefaults(UserDefaults.NO_LIMITS)
                .catalog(LocalCatalog.offline(LocalCatalog.examples(), npm))
                .runnerCacheDir(cacheDir)
                .build())) {
      local.runnerImage().aotCache().ifPresent(c -> c.buildInBackground().join());
      URI mcp = URI.create(local.mcpUrl("memory"));
      double[] ms = new double[n];
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Double>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          futures.add(
              pool.submit(
                  () -> {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r =
                        HTTP.send(
                            McpPost.to(mcp, key, INIT).timeout(Duration.ofSeconds(120)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                      throw new IllegalStateException(r.statusCode() + " " + r.body());
                    }
                    return (System.nanoTime() - t0) / 1e6;
                  }));
        }
        for (int i = 0; i < n; i++) {
          ms[i] = futures.get(i).get();
        }
      }
      Arrays.sort(ms);
      return ms;
    }
  }

  private static String summary(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return "%.0f (%.0f–%.0f)".formatted(percentile(v, 0.5), v[0], v[v.length - 1]);
  }

  private static double percentile(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
