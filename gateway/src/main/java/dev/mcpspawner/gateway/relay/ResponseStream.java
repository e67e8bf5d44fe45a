package dev.mcpspawner.gateway.relay;

import dev.mcpspawner.contracts.McpHeaders;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Copies a runner's response to the client as it is produced: SSE chunk by chunk with a flush after
 * each, never buffered or compressed. When the client goes away the upstream stream is closed,
 * which cancels the request to the runner. A quiet SSE stream gets an SSE comment now and then,
 * between events, so that a departed client is noticed even when the runner says nothing.
 */
public final class ResponseStream {
  private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

  /** What happened to the copy. */
  public enum Outcome {
    COMPLETED,
    CLIENT_GONE,
    UPSTREAM_BROKEN
  }

  private final ScheduledExecutorService scheduler;
  private final Duration heartbeat;
  private final AtomicInteger openStreams = new AtomicInteger();

  public ResponseStream(ScheduledExecutorService scheduler, Duration heartbeat) {
    this.scheduler = scheduler;
    this.heartbeat = heartbeat;
  }

  /** SSE streams being relayed right now. */
  public int openStreams() {
    return openStreams.get();
  }

  /**
   * Writes status, content type and body; {@code sessionId}, when not null, becomes the {@code
   * Mcp-Session-Id} the client sees (the runner's own is never passed on).
   */
  public Outcome copy(UpstreamResponse upstream, HttpServletResponse client, String sessionId)
      throws IOException {
    try (InputStream in = upstream.body()) {
      client.setStatus(upstream.statusCode());
      String type = upstream.contentType();
      boolean sse = upstream.isEventStream();
      if (type != null) {
        client.setHeader("Content-Type", type);
      }
      if (sessionId != null) {
        client.setHeader(McpHeaders.SESSION_ID, sessionId);
      }
      if (!sse) {
        // A known length lets the client see the response complete as soon as it is flushed,
        // so a graceful shutdown right after the handler returns cannot truncate it.
        if (upstream.contentLength() >= 0) {
          client.setContentLengthLong(upstream.contentLength());
        }
        Outcome outcome = copyPlain(in, client.getOutputStream());
        if (outcome == Outcome.COMPLETED) {
          try {
            client.flushBuffer();
          } catch (IOException e) {
            return Outcome.CLIENT_GONE;
          }
        }
        return outcome;
      }
      client.setHeader("Cache-Control", "no-cache");
      client.setHeader("X-Accel-Buffering", "no");
      client.flushBuffer(); // headers out now: a stream may stay quiet for a long time
      openStreams.incrementAndGet();
      try {
        return copyEvents(in, client.getOutputStream());
      } finally {
        openStreams.decrementAndGet();
        Thread.interrupted(); // a heartbeat's interrupt must not leak into the next request
      }
    }
  }

  private static Outcome copyPlain(InputStream in, OutputStream out) {
    Outcome outcome =
        pump(
            in,
            (buffer, n) -> {
              try {
                out.write(buffer, 0, n);
                return true;
              } catch (IOException e) {
                return false;
              }
            },
            () -> false);
    if (outcome != Outcome.COMPLETED) {
      return outcome;
    }
    try {
      out.flush();
    } catch (IOException e) {
      return Outcome.CLIENT_GONE;
    }
    return Outcome.COMPLETED;
  }

  /** Where {@link #pump} puts what it read: false when the client is gone. */
  @FunctionalInterface
  private interface Sink {
    boolean write(byte[] buffer, int n);
  }

  /**
   * Reads {@code in} to its end into {@code out}. A failed read is the client's departure when
   * {@code clientGone} says so (a heartbeat found it gone and interrupted the read), else the
   * runner's.
   */
  private static Outcome pump(InputStream in, Sink out, BooleanSupplier clientGone) {
    byte[] buffer = new byte[8192];
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (IOException e) {
        return clientGone.getAsBoolean() ? Outcome.CLIENT_GONE : Outcome.UPSTREAM_BROKEN;
      }
      if (n < 0) {
        return Outcome.COMPLETED;
      }
      if (!out.write(buffer, n)) {
        return Outcome.CLIENT_GONE;
      }
    }
  }

  private Outcome copyEvents(InputStream in, OutputStream out) {
    StreamState state = new StreamState(out, Thread.currentThread());
    long every = heartbeat.toMillis();
    ScheduledFuture<?> beat =
        scheduler.scheduleWithFixedDelay(
            () -> Thread.ofVirtual().start(state::heartbeatIfQuiet),
            every,
            every,
            TimeUnit.MILLISECONDS);
    try {
      return pump(in, state::write, () -> state.clientGone);
    } finally {
      beat.cancel(false);
    }
  }

  /** One relayed SSE stream: writes from the copy loop and from heartbeats never interleave. */
  private final class StreamState {
    private final OutputStream out;
    private final Thread reader;
    private long lastWrite = System.nanoTime();
    private boolean atEventBoundary = true;
    volatile boolean clientGone;

    StreamState(OutputStream out, Thread reader) {
      this.out = out;
      this.reader = reader;
    }

    synchronized boolean write(byte[] buffer, int n) {
      try {
        out.write(buffer, 0, n);
        out.flush();
      } catch (IOException e) {
        clientGone = true;
        return false;
      }
      lastWrite = System.nanoTime();
      atEventBoundary = n >= 2 && buffer[n - 1] == '\n' && buffer[n - 2] == '\n';
      return true;
    }

    synchronized void heartbeatIfQuiet() {
      if (clientGone || !atEventBoundary || System.nanoTime() - lastWrite < heartbeat.toNanos()) {
        return;
      }
      try {
        out.write(HEARTBEAT);
        out.flush();
        lastWrite = System.nanoTime();
      } catch (IOException e) {
        clientGone = true;
        reader.interrupt(); // unblocks the read; closing the body then cancels the upstream
      }
    }
  }
}
