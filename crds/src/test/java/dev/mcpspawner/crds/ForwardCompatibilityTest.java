package dev.mcpspawner.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/**
 * During a rolling upgrade, replicas of the old version read objects that the new version wrote. A
 * field they do not know must not stop their informers (it did: an old gateway's McpServer cache
 * failed on {@code spec.credentials} and never became ready).
 */
class ForwardCompatibilityTest {
  static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void anMcpServerWithFieldsOfANewerVersionStillReads() {
    McpServer server =
        JSON.unmarshal(
            """
            {"apiVersion":"mcpspawner.dev/v1alpha1","kind":"McpServer",
             "metadata":{"name":"github"},
             "spec":{"command":"npx","futureField":{"a":1},
                     "storage":{"home":true,"futureField":2},
                     "access":{"groups":["dev"],"futureField":3},
                     "credentials":[{"name":"TOKEN","required":true,"futureField":4}]},
             "status":{"futureField":5}}
            """,
            McpServer.class);
    assertThat(server.getSpec().getCommand()).isEqualTo("npx");
    assertThat(server.getSpec().getStorage().isHome()).isTrue();
    assertThat(server.getSpec().getCredentials())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getName()).isEqualTo("TOKEN");
              assertThat(c.isRequired()).isTrue();
            });
  }

  @Test
  void sessionsAndUsersWithFieldsOfANewerVersionStillRead() {
    McpSession session =
        JSON.unmarshal(
            """
            {"apiVersion":"mcpspawner.dev/v1alpha1","kind":"McpSession",
             "metadata":{"name":"mcp-x"},
             "spec":{"user":"alice@example.com","server":"memory","futureField":1,
                     "client":{"name":"claude","futureField":2}},
             "status":{"phase":"Ready","futureField":3}}
            """,
            McpSession.class);
    assertThat(session.getSpec().getUser()).isEqualTo("alice@example.com");
    assertThat(session.getStatus().getPhase()).isEqualTo(SessionPhase.Ready);

    McpUser user =
        JSON.unmarshal(
            """
            {"apiVersion":"mcpspawner.dev/v1alpha1","kind":"McpUser",
             "metadata":{"name":"alice"},
             "spec":{"subject":"alice@example.com","futureField":1,
                     "quota":{"sessions":3,"futureField":2},
                     "rateLimit":{"requestsPerMinute":60,"futureField":3}},
             "status":{"futureField":4}}
            """,
            McpUser.class);
    assertThat(user.getSpec().getQuota().getSessions()).isEqualTo(3);
  }
}
