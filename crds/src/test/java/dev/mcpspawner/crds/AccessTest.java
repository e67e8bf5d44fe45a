package dev.mcpspawner.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTest {
  private static Access access(List<String> users, List<String> groups) {
    Access a = new Access();
    a.setUsers(users);
    a.setGroups(groups);
    return a;
  }

  @Test
  void anEmptyListLetsEverySignedInUserIn() {
    assertThat(new Access().allows("alice@example.com", Set.of())).isTrue();
    assertThat(access(null, null).allows("bob@example.com", Set.of("dev"))).isTrue();
  }

  @Test
  void aNamedUserOrAMemberOfANamedGroupIsLetIn() {
    Access a = access(List.of("alice@example.com"), List.of("data-team"));
    assertThat(a.allows("alice@example.com", Set.of())).isTrue();
    assertThat(a.allows("bob@example.com", Set.of("dev", "data-team"))).isTrue();
  }

  @Test
  void everyoneElseIsNot() {
    Access a = access(List.of("alice@example.com"), List.of("data-team"));
    assertThat(a.allows("bob@example.com", Set.of("dev"))).isFalse();
    assertThat(a.allows("ALICE@example.com", Set.of())).isFalse();
    assertThat(a.allows("data-team", Set.of())).isFalse();
    assertThat(access(List.of(), List.of("admins")).allows("alice@example.com", Set.of()))
        .isFalse();
  }

  @Test
  void readsFromAServerSpec() {
    McpServer server =
        Serialization.unmarshal(
            """
            apiVersion: mcpspawner.dev/v1alpha1
            kind: McpServer
            metadata: {name: warehouse}
            spec:
              command: npx
              access:
                groups: [data-team]
            """,
            McpServer.class);
    assertThat(server.getSpec().getAccess().allows("bob@example.com", Set.of("data-team")))
        .isTrue();
    assertThat(server.getSpec().getAccess().allows("bob@example.com", Set.of())).isFalse();
  }
}
