package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.local.testing.NodeScript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenarios 1 and 2 with the official TypeScript SDK client (stateful Streamable HTTP): two
 * instances of one user each see only their own graph, in sessions of their own.
 */
class TypeScriptClientTest {
  private static final String USER = "ivan@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final E2e e2e = E2e.of(USER);

  @Test
  void twoTypeScriptClientInstancesSeeOnlyTheirOwnGraph() throws Exception {
    JsonNode result = run(e2e.local().mcpUrl("memory"), e2e.key(USER));

    assertThat(texts(result.get("first"))).containsExactly("ts-first-note");
    assertThat(texts(result.get("second"))).containsExactly("ts-second-note");
    List<String> sessions = texts(result.get("sessions"));
    assertThat(sessions).doesNotHaveDuplicates().allMatch(id -> id.startsWith("mcp-"));
  }

  private static JsonNode run(String url, String key) throws Exception {
    return NodeScript.run(
        "ts-client.mjs",
        Duration.ofMinutes(2),
        E2e.NPM.resolve("node_modules/@modelcontextprotocol/sdk").toString(),
        url,
        key);
  }

  private static List<String> texts(JsonNode array) {
    return NodeScript.texts(array);
  }
}
