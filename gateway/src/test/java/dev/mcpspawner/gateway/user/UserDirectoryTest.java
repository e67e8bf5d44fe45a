package dev.mcpspawner.gateway.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.gateway.auth.Principal;
import dev.mcpspawner.gateway.testing.TestingCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserDirectoryTest {
  static TestingCluster cluster;
  static UserDirectory users;

  @BeforeAll
  static void start() {
    cluster = new TestingCluster();
    users =
        new UserDirectory(cluster.client(), TestingCluster.NAMESPACE, UserDefaults.NO_LIMITS)
            .start();
  }

  @AfterAll
  static void stop() {
    users.close();
    cluster.close();
  }

  @Test
  void hostileUserIdsBecomeValidDistinctMcpUserNames() {
    List<String> ids =
        List.of(
            "Zoë Müller <zoe@example.com>",
            "../../etc/passwd",
            "..",
            "x".repeat(300),
            "x".repeat(299) + "y",
            "ALICE@EXAMPLE.COM",
            "alice@example.com");
    for (String id : ids) {
      users.admit(new Principal(id, Set.of(), "client", Set.of()));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ids.stream().allMatch(id -> users.find(id).isPresent()));
    for (String id : ids) {
      McpUser user = users.find(id).orElseThrow();
      assertThat(user.getSpec().getSubject()).isEqualTo(id);
      assertThat(Names.isDnsLabel(user.getMetadata().getName())).as(id).isTrue();
    }
    assertThat(ids.stream().map(id -> users.find(id).orElseThrow().getMetadata().getName()))
        .doesNotHaveDuplicates();
  }

  @Test
  void anUnreadableCutOffRefusesEveryTokenRatherThanNone() {
    String id = "erin@example.com";
    users.admit(new Principal(id, Set.of(), "client", Set.of()));
    await().atMost(Duration.ofSeconds(10)).until(() -> users.find(id).isPresent());
    cluster.editUserNamed(Names.userSlug(id), spec -> spec.setTokensNotBefore("yesterday-ish"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> users.tokensNotBefore(id).equals(Optional.of(Instant.MAX)));
  }
}
