package dev.mcpspawner.gateway.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit; a larger one is refused with 413 without reading it all. */
public final class BodyLimit {
  private BodyLimit() {}

  public static byte[] read(InputStream in, long declaredLength, long max) throws IOException {
    if (declaredLength > max) {
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
        throw tooLarge(max);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static BadMcpRequestException tooLarge(long max) {
    return new BadMcpRequestException(
        413, McpProtocol.INVALID_REQUEST, "Request body larger than " + max + " bytes");
  }
}
