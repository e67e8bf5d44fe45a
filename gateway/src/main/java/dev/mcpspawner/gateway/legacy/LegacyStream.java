package dev.mcpspawner.gateway.legacy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The client's SSE stream of one HTTP+SSE (2024-11-05) session: every server message travels on it,
 * written from whichever thread relayed it, one whole event at a time.
 */
final class LegacyStream {
  final String session;
  final String server;
  final String userId;
  private final OutputStream out;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);

  LegacyStream(String session, String server, String userId, OutputStream out) {
    this.session = session;
    this.server = server;
    this.userId = userId;
    this.out = out;
  }

  /** Sends one SSE event; false (and the stream is closed) when the client has gone. */
  synchronized boolean send(String event, String data) {
    if (isClosed()) {
      return false;
    }
    StringBuilder text = new StringBuilder();
    if (event != null) {
      text.append("event: ").append(event).append('\n');
    }
    for (String line : data.split("\n", -1)) {
      text.append(event == null ? ":" : "data: ").append(line).append('\n');
    }
    text.append('\n');
    try {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return true;
    } catch (IOException e) {
      close();
      return false;
    }
  }

  /** An SSE comment: detects a departed client on a quiet stream. */
  boolean heartbeat() {
    return send(null, "");
  }

  void close() {
    closed.countDown();
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** The stream's request has ended its session (upstream DELETE, McpSession deleted). */
  void ended() {
    ended.countDown();
  }

  /** Waits until {@link #ended()} or the deadline ({@link System#nanoTime()}); true if ended. */
  boolean awaitEnded(long deadlineNanos) throws InterruptedException {
    return ended.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** Blocks the stream's request thread until the stream ends or {@code millis} pass. */
  boolean awaitClose(long millis) throws InterruptedException {
    return closed.await(millis, TimeUnit.MILLISECONDS);
  }
}
