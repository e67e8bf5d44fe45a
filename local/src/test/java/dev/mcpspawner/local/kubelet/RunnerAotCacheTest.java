package dev.mcpspawner.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.local.testing.McpPost;
import dev.mcpspawner.runner.training.RunnerClassPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's AOT cache as local mode builds it and its session runners start with it. */
class RunnerAotCacheTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @TempDir Path tmp;
  private final List<Process> runners = new ArrayList<>();

  @BeforeEach
  void onJdk25WithTheRunnerInJars() {
    assumeThat(RunnerAotCache.supported()).as("JDK 25 or later").isTrue();
    // The JVM trains with jars only: a reactor build past package, or local mode's own jar.
    assumeThat(RunnerClassPath.entries()).allMatch(Files::isRegularFile);
  }

  @AfterEach
  void stopRunners() {
    runners.forEach(Process::destroyForcibly);
  }

  @Test
  void theCacheIsBuiltOnceAndARunnerThatMustUseItServesMcp() throws Exception {
    ContainerCommand image = ContainerCommand.runnerWithAotCache(tmp.resolve("aot"));
    RunnerAotCache cache = image.aotCache().orElseThrow();
    assertThat(image.entrypoint()).contains("-Xshare:auto").noneMatch(a -> a.contains("AOTCache"));

    Optional<Path> built = cache.buildInBackground().get(3, TimeUnit.MINUTES);
    assertThat(built).as(log()).contains(cache.file());
    assertThat(cache.buildInBackground().get()).contains(cache.file());
    assertThat(image.entrypoint())
        .contains("-XX:AOTCache=" + cache.file())
        .doesNotContain("-Xshare:auto");

    // AOTMode=on: the JVM refuses to start unless it can map the cache, so this one used it.
    List<String> strict = new ArrayList<>(image.entrypoint());
    strict.replaceAll(a -> a.equals("-XX:AOTMode=auto") ? "-XX:AOTMode=on" : a);
    assertThat(servesMcp(strict)).isTrue();
  }

  @Test
  void aCorruptCacheIsIgnoredAndTheRunnerServesMcpWithoutIt() throws Exception {
    ContainerCommand image = ContainerCommand.runnerWithAotCache(tmp.resolve("aot"));
    RunnerAotCache cache = image.aotCache().orElseThrow();
    Files.createDirectories(cache.file().getParent());
    Files.write(cache.file(), new byte[64 * 1024]); // not a cache at all
    assertThat(image.entrypoint()).contains("-XX:AOTCache=" + cache.file());

    assertThat(servesMcp(image.entrypoint())).isTrue();
  }

  private String log() throws IOException {
    Path log = tmp.resolve("aot/training.log");
    return Files.exists(log) ? Files.readString(log) : "no training log";
  }

  /** Starts the command as a session pod's runner in front of the training server; one call. */
  private boolean servesMcp(List<String> command) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(tmp.resolve("token"), "t0ken");
    String classPath = command.get(command.indexOf("-cp") + 1);
    List<String> runnerCommand = new java.util.ArrayList<>(command);
    runnerCommand.addAll( // the server's command: the runner's arguments
        List.of(
            ContainerCommand.javaBinary(),
            "-cp",
            classPath,
            "dev.mcpspawner.runner.training.TrainingServer"));
    ProcessBuilder pb = new ProcessBuilder(runnerCommand).directory(tmp.toFile());
    pb.environment().put("MCP_RUNNER_PORT", String.valueOf(port));
    pb.environment().put("MCP_RUNNER_BIND_ADDRESS", "127.0.0.1");
    pb.environment().put("MCP_RUNNER_TOKEN_FILE", tmp.resolve("token").toString());
    pb.environment().put("MCP_RUNNER_TERMINATION_LOG", tmp.resolve("termination-log").toString());
    pb.redirectErrorStream(true).redirectOutput(tmp.resolve("runner-" + port + ".log").toFile());
    Process runner = pb.start();
    runners.add(runner);
    URI base = URI.create("http://127.0.0.1:" + port);
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .failFast(() -> !runner.isAlive())
        .until(
            () ->
                HTTP.send(
                            HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
    String init = post(base, McpPost.initialize("2025-11-25", "t"));
    assertThat(init).contains("\"training\"");
    String call =
        post(
            base,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"through the cache\"}}}");
    assertThat(call).contains("through the cache");
    return runner.isAlive();
  }

  private static String post(URI base, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            McpPost.to(base.resolve("/mcp"), "t0ken", body).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
