package dev.mcpspawner.local;

import static dev.mcpspawner.testing.MemoryGraph.entities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.local.testing.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 4: the gateway is stopped and started again while two clients write. They go on with the
 * same session ids (no new McpSession), and every acknowledged write is still there.
 */
class GatewayRestartTest {
  private static final String USER = "erin@example.com";
  @RegisterExtension static final E2e e2e = E2e.of(USER);

  @Test
  void sessionsSurviveAGatewayRestartWithTheirIdsAndData() throws Exception {
    Writer one = new Writer(e2e.connect(USER, "memory"), "one", 0, 10_000);
    Writer two = new Writer(e2e.connect(USER, "memory"), "two", 0, 10_000);
    Set<String> sessionsBefore = names(e2e.sessions());
    assertThat(sessionsBefore).hasSize(2);
    await().atMost(Duration.ofSeconds(30)).until(() -> one.acknowledged().size() >= 5);

    int oneFailed = one.failures().size();
    int twoFailed = two.failures().size();
    e2e.local().stopGateway();
    int ackedWhileDown = one.acknowledged().size();
    // Both clients run into the outage before the gateway comes back.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> one.failures().size() > oneFailed && two.failures().size() > twoFailed);
    e2e.local().startGateway();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                one.acknowledged().size() >= ackedWhileDown + 5 && two.acknowledged().size() >= 10);
    one.close();
    two.close();

    assertThat(names(e2e.sessions())).isEqualTo(sessionsBefore);
    for (Writer w : List.of(one, two)) {
      List<String> graph = entities(w.client());
      assertThat(graph).containsAll(w.acknowledged());
      assertThat(graph).allMatch(e -> e.startsWith(w.prefix() + "-"));
      assertThat(w.failures()).allMatch(f -> !(f instanceof AssertionError));
    }
  }

  private static Set<String> names(List<McpSession> sessions) {
    return sessions.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
  }
}
