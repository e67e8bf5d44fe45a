package dev.mcpspawner.gateway.bench;

import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerStatus;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UsageBucket;
import dev.mcpspawner.gateway.bench.GatewayBenchmark.GatewayProcess;
import dev.mcpspawner.gateway.ops.ServerUsage;
import dev.mcpspawner.gateway.testing.TestingAdminCluster;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingOperator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The admin API with {@code bench.admin.sessions} sessions (default 10,000) of {@code
 * bench.admin.users} users (default 2,000) in the API: the gateway's runnable jar in its own JVM
 * against the mock API, each route called {@code bench.admin.calls} times (default 200) one after
 * another; p50/p99 per route, and the gateway's heap after GC before the objects exist and after.
 */
public final class AdminBenchmark {
  private static final int SESSIONS = Integer.getInteger("bench.admin.sessions", 10_000);
  private static final int USERS = Integer.getInteger("bench.admin.users", 2_000);
  private static final int CALLS = Integer.getInteger("bench.admin.calls", 200);

  private AdminBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty(
        "bench.gatewayEnv",
        "MCP_SPAWNER_ADMIN_GROUPS="
            + GatewayBenchmark.GROUP
            + ","
            + System.getProperty("bench.gatewayEnv", ""));
    try (TestingCluster cluster = new TestingCluster();
        GatewayProcess gateway =
            GatewayProcess.start(cluster, GatewayProcess.jar(), "bench-admin-gateway")) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      double heapBefore = gateway.metricsAfterGc().heapMb();
      long t0 = System.nanoTime();
      populate(cluster.client());
      System.out.printf(
          Locale.ROOT,
          "# %d users and %d sessions written to the mock API in %.1f s%n",
          USERS,
          SESSIONS,
          (System.nanoTime() - t0) / 1e9);
      // The gateway's caches hold them all before anything is measured.
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> total(http, gateway, "/admin/api/sessions?limit=1") >= SESSIONS);
      String someUser = Names.userSlug(userId(7));
      Map<String, String> routes = new LinkedHashMap<>();
      routes.put("overview", "/admin/api/overview");
      routes.put("sessions, first page of 50", "/admin/api/sessions?limit=50");
      routes.put("sessions of one user", "/admin/api/sessions?user=" + userId(7));
      routes.put("sessions by server and phase", "/admin/api/sessions?server=stuck&limit=50");
      routes.put("users, first page of 50", "/admin/api/users?limit=50");
      routes.put("users, search", "/admin/api/users?search=user-19&limit=50");
      routes.put("one user", "/admin/api/users/" + someUser);
      routes.put("usage per user, first page", "/admin/api/usage/users?limit=50");
      routes.put("usage per server", "/admin/api/usage/servers");
      routes.put("timeline, 6 h (overview charts)", "/admin/api/usage/timeline?window=6h");
      routes.put("timeline, 24 h", "/admin/api/usage/timeline?window=24h");
      System.out.printf("%-32s %10s %10s %10s%n", "route", "p50 ms", "p99 ms", "bytes");
      for (Map.Entry<String, String> route : routes.entrySet()) {
        measure(http, gateway, route.getKey(), route.getValue());
      }
      double heapAfter = gateway.metricsAfterGc().heapMb();
      System.out.printf(
          Locale.ROOT,
          "gateway heap after GC: %.1f MB empty, %.1f MB with %d sessions and %d users%n",
          heapBefore,
          heapAfter,
          SESSIONS,
          USERS);
    }
  }

  private static void measure(HttpClient http, GatewayProcess gateway, String name, String path)
      throws Exception {
    for (int i = 0; i < Math.max(10, CALLS / 10); i++) {
      get(http, gateway, path); // warm-up
    }
    long[] nanos = new long[CALLS];
    int bytes = 0;
    for (int i = 0; i < CALLS; i++) {
      long start = System.nanoTime();
      HttpResponse<String> r = get(http, gateway, path);
      nanos[i] = System.nanoTime() - start;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
      }
      bytes = r.body().length();
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%-32s %10.2f %10.2f %10d%n",
        name,
        nanos[CALLS / 2] / 1e6,
        nanos[(int) (CALLS * 0.99)] / 1e6,
        bytes);
  }

  private static HttpResponse<String> get(HttpClient http, GatewayProcess gateway, String path)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(gateway.url() + path))
            .header("Authorization", "Bearer " + GatewayBenchmark.KEY)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int total(HttpClient http, GatewayProcess gateway, String path) throws Exception {
    String body = get(http, gateway, path).body();
    int at = body.indexOf("\"total\":");
    if (at < 0) {
      return -1;
    }
    int end = at + 8;
    while (end < body.length() && Character.isDigit(body.charAt(end))) {
      end++;
    }
    return Integer.parseInt(body.substring(at + 8, end));
  }

  private static String userId(int i) {
    return "user-" + i + "@example.com";
  }

  private static void populate(KubernetesClient client) throws Exception {
    // A server the testing operator starts no runner for: this measures the gateway, not sessions.
    String[] servers = {TestingOperator.STUCK};
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> writes = new ArrayList<>();
      for (int u = 0; u < USERS; u++) {
        String id = userId(u);
        writes.add(
            pool.submit(
                () -> {
                  McpUser user = new McpUser();
                  user.setMetadata(
                      new ObjectMetaBuilder()
                          .withName(Names.userSlug(id))
                          .withNamespace(TestingCluster.NAMESPACE)
                          .build());
                  McpUserSpec spec = new McpUserSpec(id);
                  spec.setDisplayName("User " + id);
                  user.setSpec(spec);
                  return client.resource(user).create();
                }));
      }
      for (int i = 0; i < SESSIONS; i++) {
        String id = userId(i % USERS);
        String server = servers[i % servers.length];
        writes.add(
            pool.submit(
                () ->
                    client
                        .resource(TestingAdminCluster.session(id, server, "bench-client"))
                        .create()));
      }
      for (Future<?> f : writes) {
        f.get();
      }
    }
    // A full day of usage on the server, as the gateway replicas would have written it.
    McpServer server =
        client
            .resources(McpServer.class)
            .inNamespace(TestingCluster.NAMESPACE)
            .withName(TestingOperator.STUCK)
            .get();
    Instant now = ServerUsage.bucketOf(Instant.now());
    List<UsageBucket> day = new ArrayList<>();
    for (int i = (int) (ServerUsage.KEEP.toMinutes() / 5) - 1; i >= 0; i--) {
      day.add(
          new UsageBucket(
              now.minus(Duration.ofMinutes(5L * i)).toString(), 100L + i, (long) i % 3, 50));
    }
    if (server.getStatus() == null) {
      server.setStatus(new McpServerStatus());
    }
    server.getStatus().setUsage(day);
    client.resource(server).patchStatus();
  }
}
