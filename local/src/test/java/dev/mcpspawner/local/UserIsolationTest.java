package dev.mcpspawner.local;

import static dev.mcpspawner.testing.MemoryGraph.entities;
import static dev.mcpspawner.testing.MemoryGraph.remember;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.local.testing.E2e;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenario 2: two users never see each other's data, nor can use each other's session id. */
class UserIsolationTest {
  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension static final E2e e2e = E2e.of(ALICE, BOB);

  @Test
  void usersDoNotSeeEachOthersPerUserGraph() throws Exception {
    McpSyncClient alice = e2e.connect(ALICE, "memory-shared");
    McpSyncClient bob = e2e.connect(BOB, "memory-shared");

    remember(alice, "alice-secret", "only alice may read this");
    remember(bob, "bob-secret", "only bob may read this");

    assertThat(entities(alice)).contains("alice-secret").doesNotContain("bob-secret");
    assertThat(entities(bob)).contains("bob-secret").doesNotContain("alice-secret");
    assertThat(Files.readString(e2e.home(ALICE).resolve("memory.jsonl")))
        .doesNotContain("bob-secret");
    assertThat(Files.readString(e2e.home(BOB).resolve("memory.jsonl")))
        .doesNotContain("alice-secret");
  }

  @Test
  void anotherUsersSessionIdIsNotFound() throws Exception {
    McpSyncClient alice = e2e.connect(ALICE, "memory");
    remember(alice, "alice-private", "in alice's session");
    String aliceSession =
        e2e.sessions().stream()
            .filter(s -> s.getSpec().getUser().equals(ALICE))
            .filter(s -> s.getSpec().getServer().equals("memory"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();

    HttpResponse<String> asBob =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(e2e.local().mcpUrl("memory")))
                .header("Authorization", "Bearer " + e2e.key(BOB))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Mcp-Session-Id", aliceSession)
                .header("MCP-Protocol-Version", "2025-06-18")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                            + "\"params\":{\"name\":\"read_graph\",\"arguments\":{}}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(asBob.statusCode()).isEqualTo(404);
    assertThat(asBob.body()).doesNotContain("alice-private");
    assertThat(entities(alice)).containsExactly("alice-private");
  }

  @Test
  void theSessionsListShowsOnlyTheCallersOwn() throws Exception {
    e2e.connect(ALICE, "memory");
    e2e.connect(BOB, "memory");

    HttpResponse<String> bobs =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(e2e.local().gatewayUrl() + "/sessions"))
                .header("Authorization", "Bearer " + e2e.key(BOB))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(bobs.statusCode()).isEqualTo(200);
    assertThat(bobs.body()).contains(BOB).doesNotContain(ALICE);
  }
}
