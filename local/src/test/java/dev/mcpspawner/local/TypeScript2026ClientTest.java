package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.local.testing.NodeScript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official 2026-07-28 TypeScript client ({@code @modelcontextprotocol/client}, unmodified,
 * pinned to 2026-07-28) through the gateway in local mode, against stdio servers bridged by the
 * runner (issue 13).
 */
class TypeScript2026ClientTest {
  private static final String USER = "grace@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final E2e e2e = E2e.of(USER).activityInterval(Duration.ofMillis(500));

  @Test
  void discoverListsReadsCallsAndInputRoundTripsWithTheEverythingServer() throws Exception {
    JsonNode result = run("everything", "everything");

    assertThat(result.path("server").asText()).isEqualTo("mcp-servers/everything");
    assertThat(texts(result.get("tools")))
        .contains("echo", "trigger-elicitation-request", "trigger-sampling-request");
    assertThat(result.get("prompts").size()).isPositive();
    assertThat(result.path("resources").asInt()).isPositive();
    assertThat(result.path("templates").asInt()).isPositive();
    assertThat(result.path("read").asInt()).isPositive();
    assertThat(result.path("prompt").asInt()).isPositive();
    assertThat(texts(result.get("echo"))).anyMatch(t -> t.contains("hi 2026"));
    assertThat(texts(result.get("image"))).contains("image");
    assertThat(texts(result.get("elicited"))).hasSize(1);
    assertThat(String.join("\n", texts(result.get("elicitation")))).contains("e2e");
    assertThat(texts(result.get("sampled"))).hasSize(1);
    assertThat(String.join("\n", texts(result.get("sampling")))).contains("sampled by e2e");

    List<String> parallel = texts(result.get("parallelSampling"));
    assertThat(parallel.get(0)).contains("alpha-2026").doesNotContain("beta-2026");
    assertThat(parallel.get(1)).contains("beta-2026").doesNotContain("alpha-2026");
    assertThat(String.join("\n", texts(result.get("longRunning")))).contains("completed");
    assertThat(texts(result.get("progress"))).containsExactly("1", "2", "3");
    assertThat(result.path("rootsAsked").asInt()).as("the roots round trip").isPositive();
    assertThat(String.join("\n", texts(result.get("roots"))))
        .as("roots outside the sandbox never reach the server")
        .contains("no roots")
        .doesNotContain("URI: file:///\n")
        .doesNotContain("nonexistent-e2e-root");
  }

  @Test
  void loggingFollowsLogLevelCancellationReachesTheServerAndListenDeliversChanges()
      throws Exception {
    JsonNode result = run("probe", E2e.PROBE);

    assertThat(result.get("logsWithoutLevel")).isEmpty();
    assertThat(texts(result.get("logsAtError")))
        .containsExactly("error", "critical", "alert", "emergency");
    assertThat(result.path("cancelledCall").asText()).startsWith("rejected");
    assertThat(result.path("cancelledTags").asText()).contains("ts-2026");
    assertThat(result.path("listen").asText()).isEqualTo("tools changed");
  }

  @Test
  void aStatelessClientIsServedAgainAfterItsSandboxIdledOut() throws Exception {
    assertThat(texts(run("once", E2e.MEMORY_IDLE).get("tools"))).contains("read_graph");
    McpSession session = e2e.sessionOf(E2e.MEMORY_IDLE);
    String name = session.getMetadata().getName();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> e2e.session(name) == null);

    assertThat(texts(run("once", E2e.MEMORY_IDLE).get("tools"))).contains("read_graph");
  }

  private static JsonNode run(String scenario, String server) throws Exception {
    return NodeScript.runWith(
        "@modelcontextprotocol/client",
        "ts-client-2026.mjs",
        e2e.key(USER),
        scenario,
        e2e.local().mcpUrl(server));
  }

  private static List<String> texts(JsonNode array) {
    return NodeScript.texts(array);
  }
}
