package dev.mcpspawner.crds;

import dev.mcpspawner.contracts.config.Option;
import dev.mcpspawner.contracts.config.Options;
import dev.mcpspawner.contracts.config.Parsers;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * The limits of a user whose McpUser leaves them unset: one set, from the chart's {@code
 * users.defaults}, read by the gateway (its fast answer) and the operator (the authority) alike.
 *
 * @param quota every field set or null (null: no limit of that kind)
 * @param rateLimit requests per minute (0: none) and burst
 */
public record UserDefaults(UserQuota quota, RateLimit rateLimit) {
  public static final String ENV_SESSIONS = "MCP_SPAWNER_USER_DEFAULT_SESSIONS";
  public static final String ENV_CPU = "MCP_SPAWNER_USER_DEFAULT_CPU";
  public static final String ENV_MEMORY = "MCP_SPAWNER_USER_DEFAULT_MEMORY";
  public static final String ENV_STORAGE = "MCP_SPAWNER_USER_DEFAULT_STORAGE";
  public static final String ENV_REQUESTS_PER_MINUTE =
      "MCP_SPAWNER_USER_DEFAULT_REQUESTS_PER_MINUTE";
  public static final String ENV_BURST = "MCP_SPAWNER_USER_DEFAULT_BURST";

  /** Without configuration: ten sessions, no CPU or memory cap, no rate limit. */
  public static final UserDefaults BUILT_IN =
      new UserDefaults(new UserQuota(10, null, null, null), new RateLimit(0, 60));

  /** No limit of any kind: for set-ups that test something else. */
  public static final UserDefaults NO_LIMITS =
      new UserDefaults(new UserQuota(null, null, null, null), new RateLimit(0, 1));

  public static final Option<Integer> SESSIONS =
      Option.of(
          ENV_SESSIONS,
          null,
          Parsers.integer(0, Integer.MAX_VALUE),
          "open sessions of a user whose McpUser sets no quota (built in: 10; 0: none allowed)");

  public static final Option<Quantity> CPU =
      Option.of(
          ENV_CPU,
          null,
          UserDefaults::quantity,
          "CPU requested by all of a user's open sessions together (unset: no cap)");

  public static final Option<Quantity> MEMORY =
      Option.of(
          ENV_MEMORY,
          null,
          UserDefaults::quantity,
          "memory requested by all of a user's open sessions together (unset: no cap)");

  public static final Option<Quantity> STORAGE =
      Option.of(
          ENV_STORAGE,
          null,
          UserDefaults::quantity,
          "size of a user's home volumes together (unset: no cap)");

  public static final Option<Integer> REQUESTS_PER_MINUTE =
      Option.of(
          ENV_REQUESTS_PER_MINUTE,
          null,
          Parsers.integer(0, Integer.MAX_VALUE),
          "MCP requests a user may send per minute (built in: 0, no limit)");

  public static final Option<Integer> BURST =
      Option.of(
          ENV_BURST,
          null,
          Parsers.integer(1, Integer.MAX_VALUE),
          "requests a user may send at once above the rate (built in: 60)");

  /** What the gateway and the operator both read: the chart's {@code users.defaults}. */
  public static final Options OPTIONS =
      Options.of(SESSIONS, CPU, MEMORY, STORAGE, REQUESTS_PER_MINUTE, BURST);

  /** The defaults the environment sets, built-in ones where it sets none. */
  public static UserDefaults fromEnv(Map<String, String> env) {
    UserQuota quota =
        new UserQuota(SESSIONS.from(env), CPU.from(env), MEMORY.from(env), STORAGE.from(env));
    RateLimit rate = new RateLimit(REQUESTS_PER_MINUTE.from(env), BURST.from(env));
    return new UserDefaults(quota.orElse(BUILT_IN.quota()), rate.orElse(BUILT_IN.rateLimit()));
  }

  /** What is in force for one user: their own fields, these defaults for the rest. */
  public UserQuota quotaOf(McpUser user) {
    UserQuota own = user == null || user.getSpec() == null ? null : user.getSpec().getQuota();
    return own == null ? quota : own.orElse(quota);
  }

  public RateLimit rateLimitOf(McpUser user) {
    RateLimit own = user == null || user.getSpec() == null ? null : user.getSpec().getRateLimit();
    return own == null ? rateLimit : own.orElse(rateLimit);
  }

  private static Quantity quantity(String s) {
    Quantity q = new Quantity(s);
    if (Quantity.getAmountInBytes(q).signum() < 0) {
      throw new IllegalArgumentException("must not be negative, got " + s);
    }
    return q;
  }
}
