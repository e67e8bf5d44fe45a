package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.local.testing.E2e;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each user's credential reaches only their own session pods of the server that declared it, by
 * reference, and is nowhere else: not in pods, sessions, events, the session API or metrics.
 */
class CredentialIsolationTest {
  static final String ALICE = "alice@example.com";
  static final String BOB = "bob@example.com";
  static final String CAROL = "carol@example.com";
  static final String DAVE = "dave@example.com";
  static final String ALICES_VALUE = "alice-secret-" + System.nanoTime();
  static final String BOBS_VALUE = "bob-secret-" + System.nanoTime();
  @RegisterExtension static final E2e e2e = E2e.of(ALICE, BOB, CAROL, DAVE);
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    assertThat(setCredential(ALICE, ALICES_VALUE).statusCode()).isEqualTo(204);
    assertThat(setCredential(BOB, BOBS_VALUE).statusCode()).isEqualTo(204);
  }

  @Test
  void eachUsersSessionsSeeTheirOwnValueAndAServerThatDidNotAskSeesNone() throws Exception {
    assertThat(whoami(ALICE, E2e.CREDENTIALED)).isEqualTo(sha256(ALICES_VALUE));
    assertThat(whoami(BOB, E2e.CREDENTIALED)).isEqualTo(sha256(BOBS_VALUE));
    assertThat(whoami(ALICE, E2e.UNCREDENTIALED)).isEqualTo("none");

    List<Pod> credentialed =
        e2e.pods().stream()
            .filter(
                p ->
                    E2e.CREDENTIALED.equals(
                        p.getMetadata().getLabels().get("mcpspawner.dev/server")))
            .toList();
    assertThat(credentialed).hasSizeGreaterThanOrEqualTo(2);
    for (Pod pod : credentialed) {
      String user = pod.getMetadata().getLabels().get("mcpspawner.dev/user");
      EnvVar env =
          pod.getSpec().getContainers().get(0).getEnv().stream()
              .filter(e -> E2e.CREDENTIAL.equals(e.getName()))
              .findFirst()
              .orElseThrow();
      assertThat(env.getValue()).isNull();
      assertThat(env.getValueFrom().getSecretKeyRef().getName())
          .isEqualTo(Names.credentialSecretName(user, E2e.CREDENTIALED, E2e.CREDENTIAL));
    }
    assertThat(
            e2e.pods().stream()
                .filter(
                    p ->
                        E2e.UNCREDENTIALED.equals(
                            p.getMetadata().getLabels().get("mcpspawner.dev/server")))
                .flatMap(p -> p.getSpec().getContainers().get(0).getEnv().stream())
                .map(EnvVar::getName))
        .doesNotContain(E2e.CREDENTIAL);
  }

  @Test
  void aUserWithoutTheRequiredCredentialIsToldWhereToSetItAndNothingIsCreated() throws Exception {
    int before = e2e.sessions().size();
    HttpResponse<String> r =
        post("/mcp/" + E2e.CREDENTIALED, CAROL, InitializeBody.JSON, "application/json");
    assertThat(r.body()).contains(E2e.CREDENTIAL, "/account");
    assertThat(
            e2e.sessions().stream()
                .filter(s -> CAROL.equals(s.getSpec().getUser()))
                .filter(s -> E2e.CREDENTIALED.equals(s.getSpec().getServer())))
        .isEmpty();
    assertThat(e2e.sessions().size()).isGreaterThanOrEqualTo(before);
  }

  @Test
  void theValuesAreInNoPodSessionEventSessionAnswerMetricOrFile() throws Exception {
    whoami(ALICE, E2e.CREDENTIALED);
    whoami(BOB, E2e.CREDENTIALED);
    StringBuilder seen = new StringBuilder();
    e2e.pods().forEach(p -> seen.append(Serialization.asJson(p)));
    for (McpSession s : e2e.sessions()) {
      seen.append(Serialization.asJson(s));
    }
    e2e.api()
        .v1()
        .events()
        .inNamespace(LocalSettings.NAMESPACE)
        .list()
        .getItems()
        .forEach(ev -> seen.append(Serialization.asJson(ev)));
    seen.append(get("/sessions", ALICE).body()).append(get("/sessions", BOB).body());
    seen.append(get("/account/api/credentials", ALICE).body());
    seen.append(get("/metrics", null).body());
    try (Stream<Path> files = Files.walk(e2e.local().settings().dataDir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        seen.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(seen.toString()).doesNotContain(ALICES_VALUE).doesNotContain(BOBS_VALUE);
  }

  @Test
  void aReplacedCredentialReachesNewSessionsWhileARunningOneKeepsTheValueItStartedWith()
      throws Exception {
    String first = "dave-first-" + System.nanoTime();
    String second = "dave-second-" + System.nanoTime();
    assertThat(setCredential(DAVE, first).statusCode()).isEqualTo(204);
    McpSyncClient running = e2e.connect(DAVE, E2e.CREDENTIALED);
    assertThat(whoami(running)).isEqualTo(sha256(first));

    assertThat(setCredential(DAVE, second).statusCode()).isEqualTo(204);
    // The running session's process read its environment when it started.
    assertThat(whoami(running)).isEqualTo(sha256(first));
    // A new session (another client instance of the same user) starts with the new value.
    assertThat(whoami(DAVE + "-2", E2e.CREDENTIALED)).isEqualTo(sha256(second));
  }

  static String whoami(String user, String server) {
    return whoami(e2e.connect(user, server));
  }

  static String whoami(McpSyncClient client) {
    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  static HttpResponse<String> setCredential(String user, String value) throws Exception {
    return send(
        HttpRequest.newBuilder(
                URI.create(
                    e2e.local().gatewayUrl()
                        + "/account/api/credentials/"
                        + E2e.CREDENTIALED
                        + "/"
                        + E2e.CREDENTIAL))
            .header("Authorization", "Bearer " + e2e.key(user))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"" + value + "\"}"))
            .build());
  }

  static HttpResponse<String> post(String path, String user, String body, String type)
      throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(e2e.local().gatewayUrl() + path))
            .header("Authorization", "Bearer " + e2e.key(user))
            .header("Content-Type", type)
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static HttpResponse<String> get(String path, String user) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(e2e.local().gatewayUrl() + path));
    if (user != null) {
      b.header("Authorization", "Bearer " + e2e.key(user));
    }
    return send(b.GET().build());
  }

  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static String sha256(String value) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  /** An initialize request of a 2025-06-18 client. */
  static final class InitializeBody {
    static final String JSON =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private InitializeBody() {}
  }
}
