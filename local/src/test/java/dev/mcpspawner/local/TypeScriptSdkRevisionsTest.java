package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.local.catalog.NpmPackages;
import dev.mcpspawner.local.testing.E2e;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official TypeScript SDK client ({@code @modelcontextprotocol/sdk} 1.32.2, unmodified) through
 * the gateway in local mode at every revision it speaks: Streamable HTTP pinned to 2025-03-26,
 * 2025-06-18 and 2025-11-25, and its SSE client at 2024-11-05 on the legacy route (issue 13).
 * Fixture: {@code src/test/fixtures/ts-sdk-revisions.mjs}.
 */
class TypeScriptSdkRevisionsTest {
  private static final String USER = "judy@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final E2e e2e = E2e.of(USER);

  @ParameterizedTest
  @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25", "2024-11-05"})
  void everythingServerListsReadsCallsAndAnswersInputRequests(String revision) throws Exception {
    JsonNode r = run(revision, "everything", "everything");

    assertThat(r.path("negotiated").asText()).isEqualTo(revision);
    assertThat(r.path("server").asText()).isNotBlank();
    assertThat(texts(r.get("tools")))
        .contains("echo", "get-tiny-image", "trigger-sampling-request", "get-roots-list");
    assertThat(texts(r.get("prompts"))).contains("simple-prompt");
    assertThat(r.path("resources").asInt()).isPositive();
    assertThat(r.path("templates").asInt()).isPositive();
    assertThat(texts(r.get("read"))).containsExactly(r.path("readUri").asText());
    assertThat(r.path("prompt").asInt()).isPositive();
    assertThat(texts(r.get("echo"))).anyMatch(t -> t.contains("hi " + revision));
    assertThat(texts(r.get("image"))).contains("image");
    assertThat(r.get("progress").size()).isGreaterThanOrEqualTo(1);
    assertThat(r.path("setLevel").asText()).isEqualTo("ok");
    assertThat(String.join("\n", texts(r.get("sampling")))).contains("answer to");
    assertThat(String.join("\n", texts(r.get("elicitation")))).contains("e2e");
    assertThat(String.join("\n", texts(r.get("roots")))).contains("file:///e2e-root");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25", "2024-11-05"})
  void inputRequestsReachTheirOwnCallSubscriptionsNotifyAndCancellationReachesTheServer(
      String revision) throws Exception {
    JsonNode r = run(revision, "probe", E2e.PROBE);

    assertThat(r.path("negotiated").asText()).isEqualTo(revision);
    List<String> sequential = texts(r.get("sequential"));
    assertThat(sequential.get(0)).startsWith("s1: ").contains("answer to prompt for s1");
    assertThat(sequential.get(1)).startsWith("e1: ").contains("reply to question for e1");
    assertThat(sequential.get(2)).startsWith("r1: ").contains("file:///e2e-root");
    List<String> sampling = texts(r.get("parallelSampling"));
    assertThat(sampling.get(0)).startsWith("pa: ").contains("answer to prompt for pa");
    assertThat(sampling.get(1)).startsWith("pb: ").contains("answer to prompt for pb");
    List<String> elicitation = texts(r.get("parallelElicitation"));
    assertThat(elicitation.get(0)).startsWith("ea: ").contains("reply to question for ea");
    assertThat(elicitation.get(1)).startsWith("eb: ").contains("reply to question for eb");
    List<String> roots = texts(r.get("parallelRoots"));
    assertThat(roots.get(0)).startsWith("ra: ").contains("file:///e2e-root");
    assertThat(roots.get(1)).startsWith("rb: ").contains("file:///e2e-root");
    assertThat(r.path("subscribed").asText()).contains("probe://watched");
    assertThat(texts(r.get("updated"))).containsExactly("probe://watched");
    assertThat(r.path("cancelledCall").asText()).startsWith("rejected");
    assertThat(r.path("cancelledTags").asText()).contains("cancel-" + revision);
  }

  private static JsonNode run(String revision, String scenario, String server) throws Exception {
    String url =
        revision.equals("2024-11-05")
            ? e2e.local().gatewayUrl() + "/" + server + "/sse"
            : e2e.local().mcpUrl(server);
    // Output to a file: a pipe nobody reads while the client runs could fill and stall it.
    Path log = Files.createTempFile("ts-sdk-" + revision + "-" + scenario + "-", ".log");
    Process p =
        new ProcessBuilder(
                new NpmPackages(E2e.NPM).node(),
                Path.of("src/test/fixtures/ts-sdk-revisions.mjs").toAbsolutePath().toString(),
                E2e.NPM.resolve("node_modules/@modelcontextprotocol/sdk").toString(),
                e2e.key(USER),
                revision,
                scenario,
                url)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      boolean done = p.waitFor(3, TimeUnit.MINUTES);
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(done).as(out).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      String last = out.strip().lines().reduce((a, b) -> b).orElse("");
      return JSON.readTree(last);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.isTextual() ? n.asText() : n.toString()));
    return values;
  }
}
