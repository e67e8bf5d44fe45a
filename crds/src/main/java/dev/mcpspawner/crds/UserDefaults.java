package dev.mcpspawner.crds;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.function.Function;

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

  /** The defaults the environment sets, built-in ones where it sets none. */
  public static UserDefaults fromEnv(Map<String, String> env) {
    UserQuota quota =
        new UserQuota(
            parse(env, ENV_SESSIONS, UserDefaults::nonNegative),
            parse(env, ENV_CPU, UserDefaults::quantity),
            parse(env, ENV_MEMORY, UserDefaults::quantity),
            parse(env, ENV_STORAGE, UserDefaults::quantity));
    RateLimit rate =
        new RateLimit(
            parse(env, ENV_REQUESTS_PER_MINUTE, UserDefaults::nonNegative),
            parse(env, ENV_BURST, UserDefaults::positive));
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

  private static <T> T parse(Map<String, String> env, String name, Function<String, T> parser) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return parser.apply(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static Integer nonNegative(String s) {
    int n = Integer.parseInt(s);
    if (n < 0) {
      throw new IllegalArgumentException("must not be negative, got " + s);
    }
    return n;
  }

  private static Integer positive(String s) {
    int n = Integer.parseInt(s);
    if (n < 1) {
      throw new IllegalArgumentException("must be at least 1, got " + s);
    }
    return n;
  }

  private static Quantity quantity(String s) {
    Quantity q = new Quantity(s);
    if (Quantity.getAmountInBytes(q).signum() < 0) {
      throw new IllegalArgumentException("must not be negative, got " + s);
    }
    return q;
  }
}
