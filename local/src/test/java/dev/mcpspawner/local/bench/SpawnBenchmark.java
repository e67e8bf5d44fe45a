package dev.mcpspawner.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.local.LocalApiKeys;
import dev.mcpspawner.local.LocalMode;
import dev.mcpspawner.local.LocalSettings;
import dev.mcpspawner.local.catalog.LocalCatalog;
import dev.mcpspawner.local.catalog.NpmPackages;
import dev.mcpspawner.local.kubelet.PodTimeline;
import dev.mcpspawner.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Local mode's spawn latency and relay overhead. Spawn: a client's first request (initialize) to
 * its first answer, split into API create (the McpSession exists), pod created (the kubelet sees
 * the pod), process started, process ready (the runner answers /readyz), Ready in the API (a watch
 * sees the phase) and first answer; for N sequential and M concurrent spawns. Relay: round trips of
 * tools/call read_graph on the memory server, straight over stdio, to the runner over HTTP, and
 * through the gateway.
 *
 * <p>Args: [sequential=50] [concurrent=20] [relay calls=2000].
 */
public final class SpawnBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "bench@example.com";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> readyInApi = new ConcurrentHashMap<>();
  private LocalMode local;
  private String key;

  public static void main(String[] args) throws Exception {
    int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int concurrent = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    new SpawnBenchmark().run(sequential, concurrent, calls);
    System.exit(0);
  }

  private void run(int sequential, int concurrent, int calls) throws Exception {
    Path data = Files.createTempDirectory("mcp-spawner-bench-");
    NpmPackages npm = new NpmPackages(Fixtures.npm());
    key = LocalApiKeys.newKey();
    local =
        LocalMode.start(
            LocalSettings.builder(data)
                .ports(0, 0)
                .apiKeys(List.of(LocalApiKeys.entry("bench", USER, key)))
                .userDefaults(UserDefaults.NO_LIMITS)
                .catalog(LocalCatalog.offline(LocalCatalog.examples(), npm))
                .build());
    try (KubernetesClient api = local.newClient();
        var watch =
            api.resources(McpSession.class)
                .inNamespace(LocalSettings.NAMESPACE)
                .watch(recorder())) {
      System.out.printf(
          "machine: %d cpus, %s %s%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name"),
          System.getProperty("java.version"));
      spawn(3, 1, false); // warm-up: JIT, the page cache for node and the JDK
      report("sequential", spawn(sequential, 1, true));
      report("concurrent", spawn(concurrent, concurrent, true));
      relay(api, npm, calls);
    } finally {
      local.close();
    }
  }

  private Watcher<McpSession> recorder() {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, McpSession s) {
        long now = System.nanoTime();
        String name = s.getMetadata().getName();
        created.putIfAbsent(name, now);
        if (s.getStatus() != null && s.getStatus().getPhase() == SessionPhase.Ready) {
          readyInApi.putIfAbsent(name, now);
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  /** One spawn's moments, in ms from the first request. */
  record Spawn(
      double create, double pod, double started, double ready, double apiReady, double answer) {}

  private List<Spawn> spawn(int count, int parallel, boolean end) throws Exception {
    List<Spawn> spawns = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
      List<Future<Spawn>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(pool.submit(() -> oneSpawn(end && parallel == 1)));
      }
      for (Future<Spawn> f : futures) {
        spawns.add(f.get());
      }
    }
    if (parallel > 1 || !end) {
      endAll();
    }
    return spawns;
  }

  private Spawn oneSpawn(boolean endAfter) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = post(null, INIT);
    long answered = System.nanoTime();
    if (r.statusCode() != 200 || !r.body().contains("\"result\"")) {
      throw new IllegalStateException("initialize answered " + r.statusCode() + " " + r.body());
    }
    String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    PodTimeline pod = local.kubelet().timeline(Names.podName(session));
    Spawn s =
        new Spawn(
            ms(t0, created.get(session)),
            ms(t0, pod.seenNanos()),
            ms(t0, pod.startedNanos()),
            ms(t0, pod.readyNanos()),
            ms(t0, readyInApi.getOrDefault(session, answered)),
            ms(t0, answered));
    if (endAfter) {
      end(session);
    }
    return s;
  }

  private void endAll() throws Exception {
    try (KubernetesClient api = local.newClient()) {
      for (McpSession s :
          api.resources(McpSession.class).inNamespace(LocalSettings.NAMESPACE).list().getItems()) {
        end(s.getMetadata().getName());
      }
    }
    // Let the runners stop before the next phase measures anything.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!local.kubelet().runningPods().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  private void end(String session) throws Exception {
    HTTP.send(
        HttpRequest.newBuilder(URI.create(local.mcpUrl("memory")))
            .header("Authorization", "Bearer " + key)
            .header("Mcp-Session-Id", session)
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private HttpResponse<String> post(String session, String body) throws Exception {
    return post(URI.create(local.mcpUrl("memory")), "Bearer " + key, session, body);
  }

  private static HttpResponse<String> post(URI uri, String auth, String session, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header("Authorization", auth)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2025-06-18")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double ms(long from, Long to) {
    return to == null || to == 0 ? Double.NaN : (to - from) / 1e6;
  }

  private static void report(String name, List<Spawn> spawns) {
    System.out.printf("%n%s spawns: %d%n", name, spawns.size());
    System.out.println("| from first request to | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---|---|---|");
    row("McpSession created (API)", spawns.stream().mapToDouble(Spawn::create).toArray());
    row("pod seen by the kubelet", spawns.stream().mapToDouble(Spawn::pod).toArray());
    row("process started", spawns.stream().mapToDouble(Spawn::started).toArray());
    row("process ready (/readyz)", spawns.stream().mapToDouble(Spawn::ready).toArray());
    row("session Ready (API watch)", spawns.stream().mapToDouble(Spawn::apiReady).toArray());
    row("first answer (client)", spawns.stream().mapToDouble(Spawn::answer).toArray());
  }

  private static void row(String name, double[] values) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      System.out.printf("| %s | - | - | - |%n", name);
      return;
    }
    System.out.printf(
        "| %s | %.1f | %.1f | %.1f |%n",
        name, percentile(v, 0.50), percentile(v, 0.99), v[v.length - 1]);
  }

  private static double percentile(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private void relay(KubernetesClient api, NpmPackages npm, int calls) throws Exception {
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"read_graph\",\"arguments\":{}}}";
    int warm = Math.max(100, calls / 10);

    // Straight over stdio: the server process alone.
    Path script = npm.binScript("@modelcontextprotocol/server-memory");
    Path memory = Files.createTempFile("bench-memory", ".jsonl");
    Process server =
        new ProcessBuilder(npm.node(), script.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    server.toHandle(); // keep
    double[] stdio;
    try {
      OutputStream in = server.getOutputStream();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      in.write((INIT + "\n" + INITIALIZED + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      out.readLine();
      stdio =
          measure(
              warm,
              calls,
              id -> {
                in.write((call.formatted(id) + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                String line = out.readLine();
                if (line == null || !line.contains("\"result\"")) {
                  throw new IllegalStateException("stdio answered " + line);
                }
              });
    } finally {
      server.destroyForcibly();
      Files.deleteIfExists(memory);
    }

    // One session: through the gateway, and straight to its runner with the runner's token.
    HttpResponse<String> init = post(null, INIT);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    post(session, INITIALIZED);
    McpSession s =
        api.resources(McpSession.class)
            .inNamespace(LocalSettings.NAMESPACE)
            .withName(session)
            .get();
    Secret secret =
        api.secrets()
            .inNamespace(LocalSettings.NAMESPACE)
            .withName(Names.runnerSecretName(session))
            .get();
    String token =
        secret.getData() != null && secret.getData().get("token") != null
            ? new String(
                    Base64.getDecoder().decode(secret.getData().get("token")),
                    StandardCharsets.UTF_8)
                .strip()
            : secret.getStringData().get("token").strip();
    URI runner = URI.create(s.getStatus().getEndpoint());
    HttpResponse<String> runnerInit = post(runner, "Bearer " + token, null, INIT);
    String runnerSession = runnerInit.headers().firstValue("Mcp-Session-Id").orElse(null);
    post(runner, "Bearer " + token, runnerSession, INITIALIZED);
    double[] direct =
        measure(
            warm,
            calls,
            id -> check(post(runner, "Bearer " + token, runnerSession, call.formatted(id))));
    double[] gateway = measure(warm, calls, id -> check(post(session, call.formatted(id))));
    end(session);

    System.out.printf(
        "%nrelay: tools/call read_graph (memory server, empty graph), %d sequential calls after %d warm-up%n",
        calls, warm);
    System.out.println("| path | p50 ms | p99 ms | mean ms |");
    System.out.println("|---|---|---|---|");
    relayRow("stdio, straight to the server", stdio);
    relayRow("HTTP to the runner (pod endpoint)", direct);
    relayRow("HTTP through the gateway", gateway);
    System.out.printf(
        "gateway + runner over stdio, p50: +%.3f ms; gateway over runner, p50: +%.3f ms%n",
        percentile(gateway, 0.5) - percentile(stdio, 0.5),
        percentile(gateway, 0.5) - percentile(direct, 0.5));
  }

  private static void check(HttpResponse<String> r) {
    if (r.statusCode() != 200 || !r.body().contains("\"result\"")) {
      throw new IllegalStateException("answered " + r.statusCode() + " " + r.body());
    }
  }

  interface Call {
    void run(int id) throws Exception;
  }

  private static double[] measure(int warm, int calls, Call call) throws Exception {
    for (int i = 0; i < warm; i++) {
      call.run(10_000 + i);
    }
    double[] ms = new double[calls];
    for (int i = 0; i < calls; i++) {
      long t = System.nanoTime();
      call.run(100_000 + i);
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static void relayRow(String name, double[] sorted) {
    System.out.printf(
        "| %s | %.3f | %.3f | %.3f |%n",
        name,
        percentile(sorted, 0.5),
        percentile(sorted, 0.99),
        Arrays.stream(sorted).average().orElse(Double.NaN));
  }
}
