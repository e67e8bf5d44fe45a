package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcpspawner.crds.Names;
import dev.mcpspawner.local.testing.E2e;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** kubectl, pointed at local mode's kubeconfig: sessions and users with their printer columns. */
class KubectlTest {
  private static final String USER = "heidi@example.com";
  @RegisterExtension static final E2e e2e = E2e.of(USER);

  @TempDir Path dir;

  @Test
  void kubectlGetMcpSessionsShowsTheSessionWithItsColumns() throws Exception {
    assumeTrue(kubectl("version", "--client").exitCode == 0, "kubectl is not installed");
    e2e.connect(USER, "memory");
    Path kubeconfig =
        e2e.local().api().writeKubeconfig(dir.resolve("kubeconfig"), LocalSettings.NAMESPACE);

    Result sessions = kubectl("--kubeconfig", kubeconfig.toString(), "get", "mcpsessions");
    Result servers = kubectl("--kubeconfig", kubeconfig.toString(), "get", "mcpservers");
    Result pods = kubectl("--kubeconfig", kubeconfig.toString(), "get", "pods");

    assertThat(sessions.exitCode).as(sessions.out).isZero();
    assertThat(sessions.out).contains("USER", "SERVER", "PHASE", USER, "memory", "Ready");
    assertThat(servers.out).contains("memory-shared", "filesystem", "everything", "True");
    assertThat(pods.out).contains("READY", "STATUS", "IP", "1/1", "Running", "127.10.");
  }

  @Test
  void kubectlListsTheLocalUsersAndAPatchThatDisablesOneTakesEffectAtOnce() throws Exception {
    assumeTrue(kubectl("version", "--client").exitCode == 0, "kubectl is not installed");
    String kubeconfig =
        e2e.local()
            .api()
            .writeKubeconfig(dir.resolve("kubeconfig"), LocalSettings.NAMESPACE)
            .toString();
    Result users = kubectl("--kubeconfig", kubeconfig, "get", "mcpusers");
    assertThat(users.exitCode).as(users.out).isZero();
    assertThat(users.out).contains("USER", "DISABLED", "SESSIONS", "LAST SEEN", USER);

    String name = Names.userSlug(USER);
    Result off = setDisabled(kubeconfig, name, true);
    assertThat(off.exitCode).as(off.out).isZero();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> initialize().statusCode() == 403);
      assertThat(initialize().body()).contains("disabled");
    } finally {
      Result on = setDisabled(kubeconfig, name, false);
      assertThat(on.exitCode).as(on.out).isZero();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> e2e.connect(USER, "memory") != null);
  }

  /**
   * {@code kubectl patch} of McpUser {@code name}'s {@code spec.disabled}, as an admin types it.
   */
  private Result setDisabled(String kubeconfig, String name, boolean disabled) throws Exception {
    return kubectl(
        "--kubeconfig",
        kubeconfig,
        "patch",
        "mcpuser",
        name,
        "--type",
        "merge",
        "-p",
        "{\"spec\":{\"disabled\":" + disabled + "}}");
  }

  private static java.net.http.HttpResponse<String> initialize() throws Exception {
    try (var http = java.net.http.HttpClient.newHttpClient()) {
      return http.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(e2e.local().mcpUrl("memory")))
              .header("Authorization", "Bearer " + e2e.key(USER))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json, text/event-stream")
              .POST(
                  java.net.http.HttpRequest.BodyPublishers.ofString(
                      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                          + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                          + "\"clientInfo\":{\"name\":\"kubectl-test\",\"version\":\"1\"}}}"))
              .build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
    }
  }

  record Result(int exitCode, String out) {}

  private Result kubectl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
    } catch (java.io.IOException e) {
      return new Result(127, e.getMessage());
    }
    // kubectl caches discovery under $HOME/.kube/cache; it is keyed by host and port.
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "timed out");
    }
    return new Result(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
