package dev.mcpspawner.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.gateway.auth.Principal;
import dev.mcpspawner.gateway.testing.TestingCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The routing rules on the mock API, without HTTP. */
class SessionRouterTest {
  static final Principal ALICE =
      new Principal("alice@example.com", Set.of(), "alice-desktop", Set.of());
  static final Principal MALLORY =
      new Principal("mallory@example.com", Set.of(), "mallory-desktop", Set.of());

  static TestingCluster cluster;
  static SessionStore sessions;
  static ServerCatalog servers;
  static SessionRouter router;

  @BeforeAll
  static void start() {
    cluster = new TestingCluster();
    sessions = new SessionStore(cluster.client(), TestingCluster.NAMESPACE);
    servers = new ServerCatalog(cluster.client(), TestingCluster.NAMESPACE);
    sessions.start();
    servers.start();
    router =
        new SessionRouter(
            sessions,
            servers,
            new RunnerTokens(cluster.client(), TestingCluster.NAMESPACE),
            new SessionQuota(sessions, SessionQuota.UNLIMITED),
            Duration.ofSeconds(20),
            new SimpleMeterRegistry().timer("spawn"));
  }

  @AfterAll
  static void stop() {
    sessions.close();
    servers.close();
    cluster.close();
  }

  @Test
  void concurrentFirstStatelessRequestsConvergeOnOneSandbox() throws Exception {
    List<Future<Sandbox>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> router.statelessSandbox(ALICE, "other", null)));
      }
    }
    Set<String> names = new java.util.HashSet<>();
    for (Future<Sandbox> r : results) {
      names.add(r.get().name());
    }
    assertThat(names).hasSize(1);
    assertThat(cluster.sessions())
        .filteredOn(s -> s.getMetadata().getName().equals(names.iterator().next()))
        .hasSize(1);
  }

  @Test
  void aSessionIsOnlyEverFoundByTheUserWhoStartedItOnItsServer() {
    Sandbox mine = router.startStateful(ALICE, "echo", null);
    assertThat(router.resumeStateful(ALICE, "echo", mine.name()).endpoint())
        .isEqualTo(mine.endpoint());
    assertThatThrownBy(() -> router.resumeStateful(MALLORY, "echo", mine.name()))
        .isInstanceOf(SessionNotFoundException.class);
    assertThatThrownBy(() -> router.resumeStateful(ALICE, "other", mine.name()))
        .isInstanceOf(SessionNotFoundException.class);
    assertThatThrownBy(() -> router.end(MALLORY, mine.name()))
        .isInstanceOf(SessionNotFoundException.class);
    // A stateless sandbox's name is not a stateful session id, even for its owner.
    Sandbox stateless = router.statelessSandbox(ALICE, "echo", null);
    assertThatThrownBy(() -> router.resumeStateful(ALICE, "echo", stateless.name()))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void unknownAndForbiddenServersAreTold() {
    assertThatThrownBy(() -> router.checkServer(ALICE, "nope"))
        .isInstanceOf(ServerNotFoundException.class);
    assertThatThrownBy(() -> router.checkServer(ALICE, "../secrets"))
        .isInstanceOf(ServerNotFoundException.class);
    Principal limited = new Principal("carol", Set.of(), "c", Set.of("other"));
    assertThatThrownBy(() -> router.checkServer(limited, "echo"))
        .isInstanceOf(ServerForbiddenException.class);
  }

  @Test
  void aServersAccessListLetsInTheUsersAndGroupsItNamesAndNoOneElse() {
    McpServer restricted =
        cluster.addRestrictedServer(
            "warehouse", List.of("carol@example.com"), List.of("data-team"));
    try {
      assertThatThrownBy(() -> router.checkServer(ALICE, "warehouse"))
          .isInstanceOf(ServerForbiddenException.class);
      router.checkServer(new Principal("carol@example.com", Set.of(), "c", Set.of()), "warehouse");
      router.checkServer(
          new Principal("dave@example.com", Set.of("dev", "data-team"), "d", Set.of()),
          "warehouse");
      // the key's own list still applies on top of the server's
      Principal keyLimited = new Principal("carol@example.com", Set.of(), "c", Set.of("other"));
      assertThatThrownBy(() -> router.checkServer(keyLimited, "warehouse"))
          .isInstanceOf(ServerForbiddenException.class);
      // servers without a list stay open to everyone signed in
      router.checkServer(ALICE, "echo");
    } finally {
      cluster.client().resource(restricted).delete();
    }
  }
}
