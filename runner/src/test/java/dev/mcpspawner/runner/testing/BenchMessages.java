package dev.mcpspawner.runner.testing;

/** The JSON-RPC messages the benchmarks send, the same on every path they compare. */
public final class BenchMessages {
  /** {@code initialize} with id 0. */
  public static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";

  public static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private BenchMessages() {}

  /** A call of server-everything's {@code echo} tool; the answer contains "Echo: hello {id}". */
  public static String echo(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":"
        + "{\"name\":\"echo\",\"arguments\":{\"message\":\"hello "
        + id
        + "\"}}}";
  }
}
