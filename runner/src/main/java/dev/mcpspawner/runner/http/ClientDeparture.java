package dev.mcpspawner.runner.http;

/**
 * An exchange that can tell when its client hangs up while the response is still being made: an
 * HTTP server otherwise learns it only from a failed write, which a quiet response never makes.
 */
interface ClientDeparture {
  /**
   * Runs {@code action} (on another thread) if the client closes the connection before the exchange
   * ends. A client that sends a further request on the connection has not left.
   */
  void whenClientLeaves(Runnable action);
}
