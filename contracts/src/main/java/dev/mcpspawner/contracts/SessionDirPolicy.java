package dev.mcpspawner.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the runner does with the session directory when the session ends: the McpServer field
 * ({@code sessionDirPolicy}), the value the operator passes in {@code
 * MCP_RUNNER_SESSION_DIR_POLICY} and what the runner acts on are this one type. (The Jackson
 * annotations name the CRD's values; they are not needed at run time, so the runner loads no
 * Jackson for them.)
 */
public enum SessionDirPolicy {
  @JsonProperty("delete")
  DELETE,
  @JsonProperty("keep")
  KEEP;

  /** The value in the McpServer and the environment: {@code delete} or {@code keep}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code delete} or {@code keep}, any case; anything else is refused. */
  public static SessionDirPolicy parse(String text) {
    for (SessionDirPolicy p : values()) {
      if (p.value().equalsIgnoreCase(text.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "must be one of "
            + Arrays.stream(values()).map(SessionDirPolicy::value).toList()
            + ", not '"
            + text
            + "'");
  }
}
