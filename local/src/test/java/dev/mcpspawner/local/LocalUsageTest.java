package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.local.testing.E2e;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Local mode has no metrics-server, but its kubelet knows each pod's processes: a session pod's
 * actual memory (and CPU) shows in the admin views the same way as in a cluster.
 */
class LocalUsageTest {
  static final String ROOT = "root@example.com";
  static final String ADA = "ada@example.com";
  @RegisterExtension static final E2e e2e = E2e.of(ROOT, ADA).firstUserIsAdmin();

  @Test
  void aSessionPodsActualMemoryComesFromItsProcesses() throws Exception {
    e2e.connect(ADA, "memory").listTools();
    String session =
        e2e.sessions().stream()
            .filter(s -> ADA.equals(s.getSpec().getUser()))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    try (HttpClient http = HttpClient.newHttpClient()) {
      JsonNode usage =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> get(http, "/admin/api/sessions/" + session).path("pod").path("usage"),
                  u -> !u.isMissingNode());
      // The runner's JVM and the node server together hold tens of MiB at least.
      assertThat(mebibytes(usage.path("memory").asText())).isGreaterThan(10);
      assertThat(usage.path("cpu").asText()).endsWith("m");

      JsonNode actual =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> userRow(http, Names.userSlug(ADA)).path("actual"), a -> !a.isMissingNode());
      assertThat(actual.path("pods").asInt()).isEqualTo(1);
      assertThat(mebibytes(actual.path("memory").asText())).isGreaterThan(10);
    }
  }

  private static long mebibytes(String text) {
    assertThat(text).endsWith("Mi");
    return Long.parseLong(text.substring(0, text.length() - 2));
  }

  private static JsonNode userRow(HttpClient http, String name) throws Exception {
    for (JsonNode u : get(http, "/admin/api/usage/users?limit=500").path("users").path("items")) {
      if (u.path("name").asText().equals(name)) {
        return u;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static JsonNode get(HttpClient http, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(e2e.local().gatewayUrl() + path))
                .header("Authorization", "Bearer " + e2e.key(ROOT))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }
}
