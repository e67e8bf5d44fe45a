package dev.mcpspawner.gateway.mcp;

import dev.mcpspawner.contracts.JsonRpcErrors;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;

/**
 * A request body whose framing is broken (a chunk size such as {@code zz}, {@code -5} or {@code
 * 0x5}, a body cut short): 400, and the connection is closed, since nobody can tell where the next
 * request on it would start.
 */
public final class MalformedBodyException extends BadMcpRequestException {
  public MalformedBodyException(Throwable cause) {
    super(400, JsonRpcErrors.INVALID_REQUEST, "Malformed request body");
    initCause(cause);
  }

  /**
   * Whether Jetty's parser gave up on the request's bytes: its bad-message and early-EOF
   * exceptions, bare or wrapped in the IOException a body read throws.
   */
  public static boolean isFraming(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpException || t instanceof EofException) {
        return true;
      }
    }
    return false;
  }
}
