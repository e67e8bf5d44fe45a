package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.local.testing.NodeScript;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    Run run = run(revision, "everything", "everything");
    JsonNode r = run.out();

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
    run.assertOnlyOwnSessionDir(String.join("\n", texts(r.get("roots"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25", "2024-11-05"})
  void inputRequestsReachTheirOwnCallSubscriptionsNotifyAndCancellationReachesTheServer(
      String revision) throws Exception {
    Run run = run(revision, "probe", E2e.PROBE);
    JsonNode r = run.out();

    // The probe server speaks 2025-06-18: a newer client is answered with that (the runner
    // initialized the server once and cannot offer what the server did not agree to).
    String probeRevision = "2025-06-18";
    assertThat(r.path("negotiated").asText())
        .isEqualTo(revision.compareTo(probeRevision) <= 0 ? revision : probeRevision);
    List<String> sequential = texts(r.get("sequential"));
    assertThat(sequential.get(0)).startsWith("s1: ").contains("answer to prompt for s1");
    assertThat(sequential.get(1)).startsWith("e1: ").contains("reply to question for e1");
    assertThat(sequential.get(2)).startsWith("r1: ");
    run.assertOnlyOwnSessionDir(sequential.get(2));
    List<String> sampling = texts(r.get("parallelSampling"));
    assertThat(sampling.get(0)).startsWith("pa: ").contains("answer to prompt for pa");
    assertThat(sampling.get(1)).startsWith("pb: ").contains("answer to prompt for pb");
    List<String> elicitation = texts(r.get("parallelElicitation"));
    assertThat(elicitation.get(0)).startsWith("ea: ").contains("reply to question for ea");
    assertThat(elicitation.get(1)).startsWith("eb: ").contains("reply to question for eb");
    List<String> roots = texts(r.get("parallelRoots"));
    assertThat(roots.get(0)).startsWith("ra: ");
    assertThat(roots.get(1)).startsWith("rb: ");
    run.assertOnlyOwnSessionDir(roots.get(0));
    run.assertOnlyOwnSessionDir(roots.get(1));
    assertThat(r.path("subscribed").asText()).contains("probe://watched");
    assertThat(texts(r.get("updated"))).containsExactly("probe://watched");
    assertThat(r.path("cancelledCall").asText()).startsWith("rejected");
    assertThat(r.path("cancelledTags").asText()).contains("cancel-" + revision);
  }

  /**
   * One client run: what it printed, and the session it opened (the one session of {@code server}
   * that did not exist before it), whose local pod directory holds the only directory the server
   * may see as a root.
   */
  private record Run(JsonNode out, Path podsDir, String podName) {
    /**
     * The client offered every live pod's session directory and the pods directory itself: the
     * server saw exactly one root, its own session's directory, neither another session's nor the
     * directory holding them all.
     */
    void assertOnlyOwnSessionDir(String seenByServer) {
      List<String> uris = new ArrayList<>();
      Matcher m = FILE_URI.matcher(seenByServer);
      while (m.find()) {
        uris.add(m.group());
      }
      assertThat(uris).as(seenByServer).doesNotContain(out.path("outside").asText()).hasSize(1);
      Path root = Path.of(URI.create(uris.get(0)));
      assertThat(root).as(seenByServer).startsWith(podsDir);
      Path inPods = podsDir.relativize(root);
      assertThat(inPods.getName(0).toString()).as(seenByServer).startsWith(podName + "-");
      assertThat(inPods.getParent().getFileName().toString()).isEqualTo("sessions");
    }
  }

  private static final Pattern FILE_URI = Pattern.compile("file:///[^\\s\"]*");

  private static Run run(String revision, String scenario, String server) throws Exception {
    Set<String> before = sessionsOf(server);
    Path podsDir = e2e.local().homes().resolveSibling("pods");
    String url =
        revision.equals("2024-11-05")
            ? e2e.local().gatewayUrl() + "/" + server + "/sse"
            : e2e.local().mcpUrl(server);
    JsonNode report =
        NodeScript.runWith(
            "@modelcontextprotocol/sdk",
            "ts-sdk-revisions.mjs",
            e2e.key(USER),
            revision,
            scenario,
            url,
            podsDir.toString());
    Set<String> opened = sessionsOf(server);
    opened.removeAll(before);
    assertThat(opened).as("sessions of %s this run opened", server).hasSize(1);
    return new Run(report, podsDir, Names.podName(opened.iterator().next()));
  }

  private static Set<String> sessionsOf(String server) {
    Set<String> names = new HashSet<>();
    for (McpSession s : e2e.sessions()) {
      if (server.equals(s.getSpec().getServer()) && USER.equals(s.getSpec().getUser())) {
        names.add(s.getMetadata().getName());
      }
    }
    return names;
  }

  private static List<String> texts(JsonNode array) {
    return NodeScript.texts(array);
  }
}
