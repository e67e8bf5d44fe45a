package dev.mcpspawner.gateway.mcp;

import dev.mcpspawner.contracts.JsonRpcErrors;

/**
 * A request the gateway rejects before any work: the HTTP status plus a JSON-RPC error (code and
 * message) for the body.
 */
public class BadMcpRequestException extends RuntimeException {
  private final int status;
  private final int code;

  public BadMcpRequestException(int status, int code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public static BadMcpRequestException badRequest(String message) {
    return new BadMcpRequestException(400, JsonRpcErrors.INVALID_REQUEST, message);
  }

  public static BadMcpRequestException headerMismatch(String message) {
    return new BadMcpRequestException(
        400, JsonRpcErrors.HEADER_MISMATCH, "HeaderMismatch: " + message);
  }

  public int status() {
    return status;
  }

  public int code() {
    return code;
  }
}
