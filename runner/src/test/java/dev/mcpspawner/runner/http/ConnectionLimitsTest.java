package dev.mcpspawner.runner.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 4: a client without a token must not be able to hold the runner's threads by
 * opening connections and sending nothing, or trickling a request head a byte at a time.
 */
class ConnectionLimitsTest {
  private static final String REQUEST =
      "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\nok";

  private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
  private RecordingServer server;

  @AfterEach
  void stop() {
    trickler.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRequestHeadTrickledByteByByteIsCutOffAtTheHeadDeadline() throws IOException {
    // Every byte would reset an idle timeout; the head deadline counts from the first byte.
    server = new RecordingServer(limits(256, Duration.ofSeconds(30), Duration.ofMillis(500)));
    try (RawConnection slowloris = server.connect()) {
      byte[] head =
          ("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(10_000))
              .getBytes(StandardCharsets.US_ASCII);
      AtomicInteger sent = new AtomicInteger();
      trickler.scheduleAtFixedRate(
          () -> {
            try {
              slowloris.send(new byte[] {head[sent.getAndIncrement()]});
            } catch (IOException e) {
              throw new IllegalStateException("closed: stop trickling", e);
            }
          },
          0,
          20,
          TimeUnit.MILLISECONDS);
      long started = System.nanoTime();
      assertThat(slowloris.readUntilClosed()).isEmpty();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(took)
          .isGreaterThanOrEqualTo(Duration.ofMillis(500))
          .isLessThan(Duration.ofSeconds(9));
      assertThat(sent.get()).as("bytes trickled before the cut").isGreaterThan(5);
    }
    assertThat(server.executed()).isEmpty();
  }

  @Test
  void aConnectionThatNeverSendsAByteIsClosedAfterTheFirstRequestTimeout() throws IOException {
    server = new RecordingServer(limits(256, Duration.ofMillis(300), Duration.ofSeconds(30)));
    try (RawConnection silent = server.connect()) {
      long started = System.nanoTime();
      assertThat(silent.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300))
          .isLessThan(Duration.ofSeconds(9));
    }
  }

  @Test
  void aKeptAliveConnectionOutlivesTheFirstRequestTimeout() throws IOException {
    // The gateway pools a connection between calls: idling after a request is not lurking.
    server = new RecordingServer(limits(256, Duration.ofMillis(200), Duration.ofMillis(200)));
    try (RawConnection pooled = server.connect()) {
      pooled.send(REQUEST);
      assertThat(pooled.readResponse().status()).isEqualTo(200);
      // A connection opened after the first exchange is closed by the first-request timeout; once
      // it is, the pooled one has idled for longer than that too.
      try (RawConnection probe = server.connect()) {
        assertThat(probe.closedByServer()).isTrue();
      }
      pooled.send(REQUEST);
      assertThat(pooled.readResponse().status()).isEqualTo(200);
    }
    assertThat(server.executed()).containsExactly("/echo", "/echo");
  }

  @Test
  void connectionsBeyondTheCapAreRefusedWhileTheEarlierOnesStillWork() throws IOException {
    server = new RecordingServer(limits(3, Duration.ofSeconds(30), Duration.ofSeconds(30)));
    List<RawConnection> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        RawConnection connection = server.connect();
        held.add(connection);
        connection.send(REQUEST);
        assertThat(connection.readResponse().status()).isEqualTo(200);
      }
      try (RawConnection beyond = server.connect()) {
        RawConnection.Response refused = beyond.readResponse();
        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(beyond.closedByServer()).isTrue();
      }
      for (RawConnection connection : held) {
        connection.send(REQUEST);
        assertThat(connection.readResponse().status()).isEqualTo(200);
      }
      held.removeFirst().close();
      // Once the server has seen the close, the freed place takes a new connection.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                try (RawConnection another = server.connect()) {
                  another.send(REQUEST);
                  RawConnection.Response response = another.readResponse();
                  assertThat(response).isNotNull();
                  assertThat(response.status()).isEqualTo(200);
                }
              });
    } finally {
      for (RawConnection connection : held) {
        connection.close();
      }
    }
    assertThat(server.executed()).hasSize(3 + 3 + 1);
  }

  private static ConnectionLimits limits(int max, Duration firstRequest, Duration head) {
    return new ConnectionLimits(max, firstRequest, head, Duration.ofMinutes(10));
  }
}
