package dev.mcpspawner.runner.http;

import java.time.Duration;

/**
 * How many connections {@link PlainHttpServer} holds and how long each may wait for bytes. Every
 * connection is a platform thread, so without these a client that never sends a token can hold the
 * runner's threads by opening connections and trickling bytes.
 *
 * @param maxConnections beyond this many open connections a new one gets 503 and is closed
 * @param firstRequestTimeout how long a new connection may wait for its first byte (the gateway and
 *     the kubelet write their request right after connecting)
 * @param requestHeadTimeout how long one request head may take from its first byte to its blank
 *     line, however steadily its bytes arrive
 * @param idleTimeout how long a kept-alive connection may wait for the next request, and a body
 *     read for its next bytes (longer than the gateway's 30 s pool, so its reuse holds)
 */
public record ConnectionLimits(
    int maxConnections,
    Duration firstRequestTimeout,
    Duration requestHeadTimeout,
    Duration idleTimeout) {

  public static final int DEFAULT_MAX_CONNECTIONS = 256;

  public static final ConnectionLimits DEFAULT =
      new ConnectionLimits(
          DEFAULT_MAX_CONNECTIONS,
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          Duration.ofMinutes(10));

  public ConnectionLimits {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
    }
    for (Duration d : new Duration[] {firstRequestTimeout, requestHeadTimeout, idleTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive: " + d);
      }
    }
  }

  public ConnectionLimits withMaxConnections(int max) {
    return new ConnectionLimits(max, firstRequestTimeout, requestHeadTimeout, idleTimeout);
  }

  /** The shortest of the timeouts: the sweeper checks a few times within it. */
  Duration shortestTimeout() {
    Duration shortest = firstRequestTimeout;
    if (requestHeadTimeout.compareTo(shortest) < 0) {
      shortest = requestHeadTimeout;
    }
    return idleTimeout.compareTo(shortest) < 0 ? idleTimeout : shortest;
  }
}
