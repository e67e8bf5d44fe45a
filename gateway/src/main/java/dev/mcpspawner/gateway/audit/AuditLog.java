package dev.mcpspawner.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.gateway.auth.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per security-relevant event and per tool call (DESIGN §6), on the logger {@value
 * #LOGGER} so it can be shipped and kept apart from the application log. Never carries tool
 * arguments, tokens or bodies.
 */
public final class AuditLog {
  public static final String LOGGER = "mcp-spawner.audit";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final ObjectMapper json;

  public AuditLog(ObjectMapper json) {
    this.json = json;
  }

  /** An event; {@code principal} may be null (anonymous), fields with null values are dropped. */
  public void record(String event, Principal principal, Map<String, Object> fields) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("ts", Instant.now().toString());
    line.put("event", event);
    if (principal != null) {
      line.put("user", principal.userId());
      line.put("client", principal.clientId());
    }
    fields.forEach(
        (k, v) -> {
          if (v != null) {
            line.put(k, v);
          }
        });
    try {
      LOG.info(json.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      LOG.warn("{\"event\":\"audit-failure\"}");
    }
  }

  /** Shorthand for building the field map in call order. */
  public static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
