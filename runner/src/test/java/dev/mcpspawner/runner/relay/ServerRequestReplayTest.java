package dev.mcpspawner.runner.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import dev.mcpspawner.runner.process.StderrTail;
import dev.mcpspawner.runner.process.StdioServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server→client request goes out on the GET stream. When the connection it went out on was dead
 * already (a client that left, whose handler had not noticed yet), the next GET must get it again:
 * a request nobody answers hangs the server's tool call until the client gives up.
 */
class ServerRequestReplayTest {
  private static ObjectNode samplingRequest(int id) {
    return (ObjectNode)
        JsonRpc.MAPPER
            .createObjectNode()
            .put("jsonrpc", "2.0")
            .put("id", id)
            .put("method", "sampling/createMessage");
  }

  @Test
  void aRequestTakenByADepartingSubscriberIsReplayedToTheNextGet() throws Exception {
    Relay relay = new Relay(100);
    StdioServerProcess server =
        StdioServerProcess.start(
            List.of("cat"), null, false, "", Map.of(), new StderrTail(1024), System.err, m -> {});
    relay.attach(server);
    EventStream stream = relay.getStream();
    long departing = stream.subscribe();
    relay.onMessage(samplingRequest(7));
    assertThat(stream.next(0, departing, 0).seq()).isEqualTo(1);

    stream.subscribe();
    assertThat(relay.getStreamResumePoint()).isZero();

    relay.forwardToServer(
        (ObjectNode) JsonRpc.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", 7));
    assertThat(relay.getStreamResumePoint()).isEqualTo(1);
    server.stop(Duration.ofSeconds(1));
  }

  @Test
  void aClientThatNeverAnswersDoesNotPinTheStartOfEveryGetForever() throws Exception {
    Relay relay = new Relay(100);
    for (int id = 1; id <= 3_000; id++) {
      relay.onMessage(samplingRequest(id));
    }
    EventStream stream = relay.getStream();
    long subscription = stream.subscribe();
    long delivered = 0;
    for (EventStream.Event e = stream.next(0, subscription, 0);
        e != EventStream.IDLE;
        e = stream.next(delivered, subscription, 0)) {
      delivered = e.seq();
    }
    assertThat(delivered).isEqualTo(3_000);
    // The newest 1,024 are remembered as unanswered; a new GET starts before the oldest of them.
    assertThat(relay.getStreamResumePoint()).isEqualTo(3_000 - 1_024);
  }

  /**
   * The same, with the request arriving while the departing subscriber waits and the next GET comes
   * in: however the three interleave, the new GET starts before the unanswered request.
   */
  @Test
  void aRequestArrivingWhileTheNextGetSubscribesIsNeverSkipped() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 5_000; i++) {
        Relay relay = new Relay(100);
        EventStream stream = relay.getStream();
        long departing = stream.subscribe();
        CyclicBarrier start = new CyclicBarrier(3);
        Future<?> reader =
            threads.submit(
                () -> {
                  start.await();
                  return stream.next(0, departing, 1_000);
                });
        Future<?> server =
            threads.submit(
                () -> {
                  start.await();
                  relay.onMessage(samplingRequest(1));
                  return null;
                });
        start.await();
        stream.subscribe();
        long resumeAt = relay.getStreamResumePoint();
        reader.get(5, TimeUnit.SECONDS);
        server.get(5, TimeUnit.SECONDS);
        assertThat(resumeAt).as("round %d", i).isZero();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
