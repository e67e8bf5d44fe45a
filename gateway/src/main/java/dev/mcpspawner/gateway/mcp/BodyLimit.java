package dev.mcpspawner.gateway.mcp;

import dev.mcpspawner.contracts.JsonRpcErrors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit; a larger one is refused with 413. A moderately larger body is
 * read to its end and dropped first, so that the client, still sending, gets to see the 413 instead
 * of a reset connection; a huge one is not (the connection is closed instead). A body with broken
 * framing is refused with 400.
 */
public final class BodyLimit {
  private static final long DRAIN_FACTOR = 8;

  private BodyLimit() {}

  /**
   * The body, or {@link MalformedBodyException} when its framing is broken: a client's bad bytes
   * are its error (400), never the gateway's (500).
   */
  public static byte[] read(InputStream in, long declaredLength, long max) throws IOException {
    try {
      return readWithin(in, declaredLength, max);
    } catch (IOException | RuntimeException e) {
      if (MalformedBodyException.isFraming(e)) {
        throw new MalformedBodyException(e);
      }
      throw e;
    }
  }

  private static byte[] readWithin(InputStream in, long declaredLength, long max)
      throws IOException {
    if (declaredLength > max) {
      if (declaredLength <= max * DRAIN_FACTOR) {
        drain(in, max * DRAIN_FACTOR);
      }
      throw tooLarge(max);
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.min(Math.max(declaredLength, 1024), max));
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > max) {
        drain(in, max * DRAIN_FACTOR - total);
        throw tooLarge(max);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static void drain(InputStream in, long atMost) throws IOException {
    byte[] buffer = new byte[16384];
    long left = atMost;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
      left -= n;
    }
  }

  private static BadMcpRequestException tooLarge(long max) {
    return new BadMcpRequestException(
        413, JsonRpcErrors.INVALID_REQUEST, "Request body larger than " + max + " bytes");
  }
}
