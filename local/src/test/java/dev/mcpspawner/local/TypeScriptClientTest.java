package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.local.catalog.NpmPackages;
import dev.mcpspawner.local.testing.E2e;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    Process p =
        new ProcessBuilder(
                new NpmPackages(E2e.NPM).node(),
                Path.of("src/test/fixtures/ts-client.mjs").toAbsolutePath().toString(),
                E2e.NPM.resolve("node_modules/@modelcontextprotocol/sdk").toString(),
                url,
                key)
            .redirectErrorStream(true)
            .start();
    try {
      boolean done = p.waitFor(2, TimeUnit.MINUTES);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(done).as(out).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      String last = out.strip().lines().reduce((a, b) -> b).orElse("");
      return JSON.readTree(last);
    } finally {
      p.destroyForcibly();
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }
}
