package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator.ApiKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode's first user administers; the others are plain users. */
class LocalAdminTest {
  @TempDir Path data;

  @Test
  void theFirstUserOpensTheAdminApiAndTheSecondIsForbidden() throws Exception {
    Map<String, String> keys = new LinkedHashMap<>();
    List<ApiKey> entries =
        LocalMain.apiKeys(List.of("root@example.com", " bob@example.com"), data.resolve("k"), keys);
    assertThat(entries.get(0).groups()).containsExactly(LocalSettings.ADMIN_GROUP);
    assertThat(entries.get(1).groups()).isEmpty();
    assertThat(keys).containsOnlyKeys("root@example.com", "bob@example.com");

    LocalSettings settings =
        LocalSettings.builder(data)
            .ports(0, 0)
            .apiKeys(entries)
            .catalog(List.of())
            .runnerCacheDir(dev.mcpspawner.local.testing.E2e.RUNNER_CACHE)
            .build();
    try (LocalMode local = LocalMode.start(settings);
        HttpClient http = HttpClient.newHttpClient()) {
      assertThat(get(http, local, keys.get("root@example.com")).statusCode()).isEqualTo(200);
      // The embedded operator holds its leader Lease as in a cluster, so its health is known.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode operator =
                    new ObjectMapper()
                        .readTree(get(http, local, keys.get("root@example.com")).body())
                        .path("operator");
                assertThat(operator.path("status").asText()).isEqualTo("healthy");
                assertThat(operator.path("holder").asText()).isEqualTo(LocalMode.OPERATOR_IDENTITY);
              });
      assertThat(get(http, local, keys.get("bob@example.com")).statusCode()).isEqualTo(403);
      assertThat(
              LocalMain.banner(local, List.of(), keys, Map.of(), data.resolve("kubeconfig"), data))
          .contains(local.gatewayUrl() + "/admin", "root@example.com is an administrator");
    }
  }

  private static HttpResponse<String> get(HttpClient http, LocalMode local, String key)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(local.gatewayUrl() + "/admin/api/overview"))
            .header("Authorization", "Bearer " + key)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
