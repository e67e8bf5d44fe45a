package dev.mcpspawner.gateway.relay;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * Copies a runner's response to the client as it is produced: SSE chunk by chunk with a flush after
 * each, never buffered or compressed. When the client goes away the upstream stream is closed,
 * which cancels the request to the runner.
 */
public final class ResponseStream {
  private ResponseStream() {}

  /** What happened to the copy. */
  public enum Outcome {
    COMPLETED,
    CLIENT_GONE,
    UPSTREAM_BROKEN
  }

  /**
   * Writes status, content type and body; {@code sessionId}, when not null, becomes the {@code
   * Mcp-Session-Id} the client sees (the runner's own is never passed on).
   */
  public static Outcome copy(
      HttpResponse<InputStream> upstream, HttpServletResponse client, String sessionId)
      throws IOException {
    try (InputStream in = upstream.body()) {
      client.setStatus(upstream.statusCode());
      String type = upstream.headers().firstValue("Content-Type").orElse(null);
      boolean sse = type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
      if (type != null) {
        client.setHeader("Content-Type", type);
      }
      if (sse) {
        client.setHeader("Cache-Control", "no-cache");
        client.setHeader("X-Accel-Buffering", "no");
      }
      if (sessionId != null) {
        client.setHeader("Mcp-Session-Id", sessionId);
      }
      OutputStream out = client.getOutputStream();
      if (sse) {
        client.flushBuffer(); // headers out now: a stream may stay quiet for a long time
      }
      byte[] buffer = new byte[8192];
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          return Outcome.UPSTREAM_BROKEN;
        }
        if (n < 0) {
          break;
        }
        try {
          out.write(buffer, 0, n);
          if (sse) {
            out.flush();
          }
        } catch (IOException e) {
          return Outcome.CLIENT_GONE;
        }
      }
      try {
        out.flush();
      } catch (IOException e) {
        return Outcome.CLIENT_GONE;
      }
      return Outcome.COMPLETED;
    }
  }
}
