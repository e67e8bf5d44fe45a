package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.contracts.SessionDirPolicy;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the runner does when its server dies, and when it is asked to stop. */
class ServerExitTest {
  @TempDir Path tmp;

  @Test
  void serverKilledMidCallAnswersTheCallWithAnErrorAndTheRunnerReportsTheExit() throws Exception {
    Path terminationLog = tmp.resolve("termination-log");
    Path sessionDir = tmp.resolve("session");
    Runner runner =
        Runner.start(
            Fixtures.runnerFor(Fixtures.everythingServer())
                .terminationLog(terminationLog)
                .sessionDir(sessionDir, SessionDirPolicy.DELETE)
                .build());
    assertThat(sessionDir).isDirectory();
    await().atMost(Duration.ofSeconds(60)).until(runner::isReady);

    try (StreamingCall call =
        StreamingCall.start(runner.mcpUri(), StreamingCall.longRunning(7, 30))) {
      assertThat(call.next().get("method").asText()).isEqualTo("notifications/progress");
      ProcessHandle.of(runner.serverPid()).orElseThrow().destroyForcibly();

      JsonNode answer = call.last();
      assertThat(answer.get("id").asInt()).isEqualTo(7);
      assertThat(answer.at("/error/code").asInt()).isEqualTo(-32000);
      assertThat(answer.at("/error/message").asText()).contains("exited with code 137");
    }
    assertThat(runner.exited().get()).isEqualTo(137); // 128 + SIGKILL
    assertThat(Files.readString(terminationLog)).contains("Starting default (STDIO) server");
    assertThat(sessionDir).doesNotExist();
  }

  @Test
  void deleteEndsTheSessionAndStopsTheServer() throws Exception {
    Runner runner = Runner.start(Fixtures.runnerFor(Fixtures.everythingServer()).build());
    await().atMost(Duration.ofSeconds(60)).until(runner::isReady);
    HttpResponse<Void> deleted =
        RawMcp.HTTP.send(
            java.net.http.HttpRequest.newBuilder(runner.mcpUri()).DELETE().build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(runner.exited().get(60, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
    assertThat(runner.isReady()).isFalse();
  }

  @Test
  void closeDrainsTheCallInFlightRefusesNewOnesAndKeepsTheSessionDir() throws Exception {
    Path sessionDir = tmp.resolve("kept");
    Runner runner =
        Runner.start(
            Fixtures.runnerFor(Fixtures.everythingServer())
                .sessionDir(sessionDir, SessionDirPolicy.KEEP)
                .build());
    await().atMost(Duration.ofSeconds(60)).until(runner::isReady);
    Files.writeString(sessionDir.resolve("work.txt"), "kept");

    try (StreamingCall call =
        StreamingCall.start(runner.mcpUri(), StreamingCall.longRunning(8, 2))) {
      assertThat(call.next().get("method").asText()).isEqualTo("notifications/progress");
      CompletableFuture<Void> closing = CompletableFuture.runAsync(runner::close);
      await().atMost(Duration.ofSeconds(10)).until(() -> !runner.isReady());

      HttpResponse<String> refused =
          new RawMcp(runner, null).post(RawMcp.toolCall(9, "echo", "{\"message\":\"late\"}"));
      assertThat(refused.statusCode()).isEqualTo(503);

      JsonNode answer = call.last();
      assertThat(answer.get("id").asInt()).isEqualTo(8);
      assertThat(answer.at("/result/content/0/text").asText()).contains("completed");
      closing.get();
    }
    assertThat(runner.exited()).isDone();
    assertThat(sessionDir.resolve("work.txt")).hasContent("kept");
  }
}
