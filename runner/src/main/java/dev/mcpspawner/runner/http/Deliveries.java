package dev.mcpspawner.runner.http;

import dev.mcpspawner.contracts.RunnerContract;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's recent deliveries to this runner, by the name it gives each POST in {@link
 * #HEADER}. A name seen again is the same request sent twice by some hop in between (a proxy that
 * retried after the request went out): the copy must not run, since a tool call is not always safe
 * to run twice. JSON-RPC ids cannot tell a copy from a new request, as callers sharing a runner may
 * use the same ids. Bounded: the oldest names are forgotten.
 */
final class Deliveries {
  static final String HEADER = RunnerContract.DELIVERY_HEADER;

  /** The longest name taken; the gateway's are about 20 characters. */
  static final int MAX_NAME = 128;

  private static final int REMEMBERED = 8192;

  private final Map<String, Boolean> seen =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** True the first time {@code name} is delivered; false for every later copy. */
  synchronized boolean first(String name) {
    return seen.putIfAbsent(name, Boolean.TRUE) == null;
  }
}
