package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.contracts.SessionDirPolicy;
import dev.mcpspawner.contracts.testing.OptionChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's side of its contract (contracts RunnerContract): the server's command from its
 * arguments, the rest from the environment the operator fills.
 */
class RunnerConfigTest {
  private static final List<String> NODE = List.of("node");

  @TempDir Path tmp;

  @Test
  void readsTheOperatorsVariablesAndTakesTheServersCommandFromItsArguments() throws Exception {
    Files.writeString(tmp.resolve("token"), "  s3cret\n");
    RunnerConfig config =
        RunnerConfig.fromEnv(
            Map.of(
                "MCP_RUNNER_WORKDIR", "/home/user",
                "MCP_RUNNER_PORT", "9090",
                "MCP_RUNNER_TOKEN_FILE", tmp.resolve("token").toString(),
                "MCP_RUNNER_SESSION_ID", "s-1",
                "MCP_RUNNER_SESSION_DIR", "/tmp/sessions/s-1",
                "MCP_RUNNER_SESSION_DIR_POLICY", "delete",
                "MCP_RUNNER_SHUTDOWN_GRACE_SECONDS", "7",
                "MCP_RUNNER_TERMINATION_LOG", "/tmp/termination"),
            List.of("npx", "-y", "@modelcontextprotocol/server-memory", "a b", "[\"not json\"]"));
    assertThat(config.command())
        .containsExactly(
            "npx", "-y", "@modelcontextprotocol/server-memory", "a b", "[\"not json\"]");
    assertThat(config.workdir()).isEqualTo(Path.of("/home/user"));
    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.token()).isEqualTo("s3cret");
    assertThat(config.sessionId()).isEqualTo("s-1");
    assertThat(config.sessionDir()).isEqualTo(Path.of("/tmp/sessions/s-1"));
    assertThat(config.sessionDirPolicy()).isEqualTo(SessionDirPolicy.DELETE);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.terminationLog()).isEqualTo(Path.of("/tmp/termination"));
    assertThat(config.issueSessionId()).isFalse();
  }

  @Test
  void withoutAServerCommandItRefusesToStart() {
    Map<String, String> env = Map.of("MCP_RUNNER_ALLOW_UNAUTHENTICATED", "true");
    assertThatThrownBy(() -> RunnerConfig.fromEnv(env, List.of()))
        .hasMessageContaining("no server command");
    assertThatThrownBy(() -> RunnerConfig.fromEnv(env, List.of(" ")))
        .hasMessageContaining("no server command");
  }

  @Test
  void refusesToStartWithoutATokenUnlessToldTo() {
    Map<String, String> env = Map.of("MCP_RUNNER_TOKEN_FILE", tmp.resolve("absent").toString());
    assertThatThrownBy(() -> RunnerConfig.fromEnv(env, NODE))
        .hasMessageContaining("no bearer token");
    RunnerConfig open =
        RunnerConfig.fromEnv(
            Map.of(
                "MCP_RUNNER_TOKEN_FILE",
                tmp.resolve("absent").toString(),
                "MCP_RUNNER_ALLOW_UNAUTHENTICATED",
                "true"),
            NODE);
    assertThat(open.token()).isNull();
    assertThat(open.port()).isEqualTo(8080);
    assertThat(open.sessionDirPolicy()).isEqualTo(SessionDirPolicy.KEEP);
  }

  @Test
  void malformedValuesAreRefusedNamingTheirVariable() {
    Map<String, String> env = new HashMap<>(Map.of("MCP_RUNNER_ALLOW_UNAUTHENTICATED", "yes"));
    // Not read as false: a typo must not switch authentication on or off silently.
    assertThatThrownBy(() -> RunnerConfig.fromEnv(env, NODE))
        .hasMessageContaining("MCP_RUNNER_ALLOW_UNAUTHENTICATED");
    env.put("MCP_RUNNER_ALLOW_UNAUTHENTICATED", "true");
    env.put("MCP_RUNNER_SESSION_DIR_POLICY", "shred");
    assertThatThrownBy(() -> RunnerConfig.fromEnv(env, NODE))
        .hasMessageContaining("MCP_RUNNER_SESSION_DIR_POLICY")
        .hasMessageContaining("[delete, keep]");
    env.remove("MCP_RUNNER_SESSION_DIR_POLICY");
    env.put("MCP_RUNNER_PORT", "http");
    assertThatThrownBy(() -> RunnerConfig.fromEnv(env, NODE))
        .hasMessageContaining("MCP_RUNNER_PORT");
  }

  @Test
  void theConnectionCapDefaultsTo256AndCanBeSet() {
    Map<String, String> env =
        Map.of(
            "MCP_RUNNER_TOKEN_FILE",
            tmp.resolve("absent").toString(),
            "MCP_RUNNER_ALLOW_UNAUTHENTICATED",
            "true");
    assertThat(RunnerConfig.fromEnv(env, NODE).maxConnections()).isEqualTo(256);
    Map<String, String> capped = new HashMap<>(env);
    capped.put("MCP_RUNNER_MAX_CONNECTIONS", "16");
    assertThat(RunnerConfig.fromEnv(capped, NODE).maxConnections()).isEqualTo(16);
    capped.put("MCP_RUNNER_MAX_CONNECTIONS", "0");
    assertThatThrownBy(() -> RunnerConfig.fromEnv(capped, NODE))
        .hasMessageContaining("MCP_RUNNER_MAX_CONNECTIONS");
  }

  /**
   * The runner's contract, from the runner's side: it looks up every variable the contract names
   * and no other of its prefix, so a name the operator sets is never silently ignored.
   */
  @Test
  void readsExactlyTheVariablesOfTheContract() {
    Map<String, String> env =
        Map.of(
            "MCP_RUNNER_TOKEN_FILE", tmp.resolve("absent").toString(),
            "MCP_RUNNER_ALLOW_UNAUTHENTICATED", "true",
            "MCP_RUNNER_SESSION_DIR", tmp.resolve("s").toString(),
            "MCP_RUNNER_WORKDIR", tmp.toString());
    assertThat(OptionChecks.namesLookedUp(env, e -> RunnerConfig.fromEnv(e, NODE)))
        .filteredOn(name -> name.startsWith(RunnerContract.ENV_PREFIX))
        .containsExactlyInAnyOrderElementsOf(RunnerContract.RUNNER_ENV.names());
  }

  /** runner/README.md carries the table of {@link RunnerContract#RUNNER_ENV}, as generated. */
  @Test
  void theReadmeTableIsTheDeclaredOptions() throws Exception {
    OptionChecks.assertReadmeCarries(Path.of("README.md"), RunnerContract.RUNNER_ENV);
  }
}
