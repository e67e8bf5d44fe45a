package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SSE event ids and {@code Last-Event-ID}: a client that loses a stream gets the rest of it. */
class ResumptionTest {
  @Test
  void aCallsStreamCutAfterTheFirstProgressResumesOnGetWithLastEventId() throws Exception {
    try (Runner runner = Runner.start(Fixtures.runnerFor(Fixtures.everythingServer()).build())) {
      await().atMost(Duration.ofSeconds(60)).until(runner::isReady);
      String lastSeen;
      try (StreamingCall call =
          StreamingCall.start(runner.mcpUri(), StreamingCall.longRunning(5, 3))) {
        JsonNode first = call.next();
        assertThat(first.at("/params/progress").asInt()).isEqualTo(1);
        lastSeen = call.lastEventId;
      } // the connection drops here, mid-call
      assertThat(lastSeen).isNotBlank();

      List<JsonNode> rest = new ArrayList<>();
      try (StreamingCall resumed = StreamingCall.resume(runner.mcpUri(), lastSeen)) {
        assertThat(resumed.status).isEqualTo(200);
        for (JsonNode m = resumed.next(); m != null; m = resumed.next()) {
          rest.add(m);
        }
      }
      assertThat(rest).extracting(m -> m.at("/params/progress").asInt(0)).startsWith(2, 3);
      JsonNode answer = rest.get(rest.size() - 1);
      assertThat(answer.get("id").asInt()).isEqualTo(5);
      assertThat(answer.at("/result/content/0/text").asText()).contains("completed");
    }
  }
}
