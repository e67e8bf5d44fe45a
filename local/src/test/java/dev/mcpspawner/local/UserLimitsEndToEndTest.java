package dev.mcpspawner.local;

import static dev.mcpspawner.testing.MemoryGraph.remember;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.gateway.GatewayApp;
import dev.mcpspawner.gateway.GatewayConfig;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.local.testing.McpPost;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * McpUser limits across the whole system: two gateways racing on one user stay within the quota
 * (the operator decides), and disabling a user ends their sessions and keeps their home.
 */
class UserLimitsEndToEndTest {
  static final String RACER = "racer@example.com";
  static final String DANA = "dana@example.com";
  static final String INIT = McpPost.initialize("2025-06-18", "t");

  @RegisterExtension static final E2e e2e = E2e.of(RACER, DANA);
  static KubernetesClient secondClient;
  static GatewayApp second;

  @BeforeAll
  static void start() {
    secondClient = e2e.local().newClient();
    GatewayConfig config =
        GatewayConfig.defaults(LocalSettings.NAMESPACE).toBuilder()
            .host("127.0.0.1")
            .port(0)
            .spawnTimeout(Duration.ofSeconds(90))
            .userDefaults(e2e.local().settings().userDefaults())
            .build();
    second =
        new GatewayApp(
                secondClient,
                config,
                new StaticApiKeyAuthenticator(e2e.local().settings().apiKeys()))
            .start();
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
      secondClient.close();
    }
  }

  @Test
  void sixtyAttemptsThroughTwoGatewaysGiveExactlyTheQuotaOfPodsAndClear429s() throws Exception {
    editUser(RACER, spec -> spec.setQuota(new UserQuota(3, null, null, null)));
    // Both gateways' caches hold the new quota before the race starts.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Integer.valueOf(3)
                        .equals(e2e.local().gateway().users().quotaOf(RACER).getSessions())
                    && Integer.valueOf(3).equals(second.users().quotaOf(RACER).getSessions()));
    List<String> urls = List.of(e2e.local().gatewayUrl(), "http://127.0.0.1:" + second.port());
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try (HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 60; i++) {
        String url = urls.get(i % 2) + "/mcp/memory";
        answers.add(
            pool.submit(
                () -> http.send(initialize(url, RACER), HttpResponse.BodyHandlers.ofString())));
      }
      int ok = 0;
      int refused = 0;
      for (Future<HttpResponse<String>> f : answers) {
        HttpResponse<String> r = f.get();
        if (r.statusCode() == 200) {
          ok++;
        } else {
          assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
          assertThat(r.body()).contains("of 3", "close one, or ask an administrator for more");
          refused++;
        }
      }
      assertThat(ok).isEqualTo(3);
      assertThat(refused).isEqualTo(57);
    }
    String slug = Names.userSlug(RACER);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        e2e.pods().stream()
                            .filter(
                                p ->
                                    slug.equals(
                                        p.getMetadata().getLabels().get(McpSpawner.LABEL_USER))))
                    .hasSize(3));
  }

  @Test
  void disablingAUserEndsTheirSessionsKeepsTheirHomeAndEnablingLetsThemBackIn() throws Exception {
    remember(e2e.connect(DANA, "memory-shared"), "dana", "likes limits");
    e2e.connect(DANA + "-2", "memory");
    assertThat(sessionsOf(DANA)).hasSize(2);
    List<String> names = sessionsOf(DANA).stream().map(s -> s.getMetadata().getName()).toList();

    editUser(DANA, spec -> spec.setDisabled(true));
    try (HttpClient http = HttpClient.newHttpClient()) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  http.send(
                              initialize(e2e.local().mcpUrl("memory"), DANA),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode()
                      == 403);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> sessionsOf(DANA).isEmpty());
    for (String name : names) {
      assertThat(e2e.eventReasons(name)).as(name).contains("UserDisabled");
    }
    assertThat(Files.readString(e2e.home(DANA).resolve("memory.jsonl"))).contains("likes limits");

    editUser(DANA, spec -> spec.setDisabled(false));
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> e2e.connect(DANA, "memory") != null);
    assertThat(sessionsOf(DANA))
        .anySatisfy(s -> assertThat(s.getStatus().getPhase()).isEqualTo(SessionPhase.Ready));
  }

  static HttpRequest initialize(String url, String keyId) {
    return McpPost.to(URI.create(url), e2e.key(keyId), INIT)
        .timeout(Duration.ofSeconds(120))
        .build();
  }

  static List<McpSession> sessionsOf(String user) {
    return e2e.sessions().stream()
        .filter(s -> user.equals(s.getSpec().getUser()))
        .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  /**
   * Edits the user's spec as {@code kubectl edit} does: read, change, write over the version read.
   * The operator and the gateways write the McpUser's status meanwhile, which moves its version, so
   * a 409 means "read it again and redo the edit" (at most five times).
   */
  static void editUser(String subject, Consumer<dev.mcpspawner.crds.McpUserSpec> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        e2e.api()
            .resources(McpUser.class)
            .inNamespace(LocalSettings.NAMESPACE)
            .withName(Names.userSlug(subject))
            .edit(
                u -> {
                  edit.accept(u.getSpec());
                  return u;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }
}
