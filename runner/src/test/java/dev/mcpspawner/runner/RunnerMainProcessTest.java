package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner as the session pod runs it: a process its server command as arguments, configured by
 * MCP_RUNNER_* variables.
 */
class RunnerMainProcessTest {
  @TempDir Path tmp;

  private Process launch(List<String> server, Map<String, String> extraEnv, int port)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            RunnerMain.class.getName());
    pb.command().addAll(server); // the server's command: the runner's arguments
    Map<String, String> env = pb.environment();
    env.put("MCP_RUNNER_PORT", String.valueOf(port));
    env.put("MCP_RUNNER_BIND_ADDRESS", "127.0.0.1");
    env.put("MCP_RUNNER_TOKEN_FILE", tmp.resolve("token").toString());
    env.put("MCP_RUNNER_TERMINATION_LOG", tmp.resolve("termination-log").toString());
    env.putAll(extraEnv);
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("runner.log").toFile());
    return pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void runnerExitsWithTheServersExitCodeAndLeavesItsStderrTailInTheTerminationLog()
      throws Exception {
    Files.writeString(tmp.resolve("token"), "t0ken\n");
    Process runner =
        launch(
            List.of(
                "node",
                "-e",
                "const leaked = Object.keys(process.env).filter(k => k.startsWith('MCP_RUNNER_'));"
                    + "console.error('inherited MCP_RUNNER_ variables: ' + leaked.length);"
                    + "console.error('boom: cannot open database ' + process.env.DATABASE_URL);"
                    + "process.exit(3)"),
            Map.of("DATABASE_URL", "postgres://db"),
            freePort());
    assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(runner.exitValue()).isEqualTo(3);
    assertThat(Files.readString(tmp.resolve("termination-log")))
        .contains("boom: cannot open database");
    assertThat(Files.readString(tmp.resolve("runner.log"))).contains("boom: cannot open database");
  }

  @Test
  void sigtermLetsTheCallInFlightFinishThenStopsTheServerAndRemovesTheSessionDir()
      throws Exception {
    Files.writeString(tmp.resolve("token"), "t0ken\n");
    Path sessionDir = tmp.resolve("session");
    int port = freePort();
    Process runner =
        launch(
            Fixtures.everythingServer(),
            Map.of(
                "MCP_RUNNER_SESSION_DIR", sessionDir.toString(),
                "MCP_RUNNER_SESSION_DIR_POLICY", "delete",
                "MCP_RUNNER_SHUTDOWN_GRACE_SECONDS", "5"),
            port);
    URI base = URI.create("http://127.0.0.1:" + port);
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> get(base.resolve("/readyz")).statusCode() == 200);
    assertThat(sessionDir).isDirectory();

    HttpRequest call =
        HttpRequest.newBuilder(base.resolve("/mcp"))
            .header("Authorization", "Bearer t0ken")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(StreamingCall.longRunning(1, 2)))
            .build();
    HttpResponse<java.util.stream.Stream<String>> response =
        RawMcp.HTTP.send(call, HttpResponse.BodyHandlers.ofLines());
    var lines = response.body().iterator();
    String firstData = null;
    while (firstData == null && lines.hasNext()) {
      String line = lines.next();
      firstData = line.startsWith("data: ") ? line : null;
    }
    assertThat(firstData).contains("notifications/progress");

    runner.destroy(); // SIGTERM, as the kubelet sends it
    String lastData = firstData;
    while (lines.hasNext()) {
      String line = lines.next();
      lastData = line.startsWith("data: ") ? line : lastData;
    }
    JsonNode answer = dev.mcpspawner.runner.jsonrpc.JsonRpc.MAPPER.readTree(lastData.substring(6));
    assertThat(answer.at("/result/content/0/text").asText()).contains("completed");

    assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(runner.exitValue()).as(Files.readString(tmp.resolve("runner.log"))).isIn(0, 143);
    assertThat(sessionDir).doesNotExist();
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return RawMcp.HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
