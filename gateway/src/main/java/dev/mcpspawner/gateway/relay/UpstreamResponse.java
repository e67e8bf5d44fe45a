package dev.mcpspawner.gateway.relay;

import java.io.IOException;
import java.io.InputStream;

/**
 * A runner's answer as it arrives: status and headers at once, the body as a stream. Closing it
 * before the body ended cancels the request to the runner (its connection is dropped).
 *
 * @param contentLength -1 when the runner did not say (an SSE stream)
 */
public record UpstreamResponse(
    int statusCode, String contentType, long contentLength, InputStream body)
    implements AutoCloseable {

  /** Whether the answer is an SSE stream. */
  public boolean isEventStream() {
    return contentType != null
        && contentType.regionMatches(true, 0, "text/event-stream", 0, "text/event-stream".length());
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
