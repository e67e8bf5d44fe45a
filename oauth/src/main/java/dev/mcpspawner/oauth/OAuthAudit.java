package dev.mcpspawner.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security events of the sign-in (registrations, logins, consents, tokens, replays, revocations).
 * The default writes the gateway's audit format: one JSON line on the logger {@code
 * mcp-spawner.audit}. Never carries passwords, codes or tokens.
 */
@FunctionalInterface
public interface OAuthAudit {
  /** Fields with null values are dropped; {@code user} and {@code client} may be null. */
  void record(String event, String user, String client, Map<String, Object> fields);

  /** The JSON-lines audit logger. */
  static OAuthAudit logger() {
    Logger log = LoggerFactory.getLogger("mcp-spawner.audit");
    ObjectMapper json = new ObjectMapper();
    return (event, user, client, fields) -> {
      if (!log.isInfoEnabled()) {
        return;
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("ts", Instant.now().toString());
      line.put("event", event);
      if (user != null) {
        line.put("user", user);
      }
      if (client != null) {
        line.put("client", client);
      }
      fields.forEach(
          (k, v) -> {
            if (v != null) {
              line.put(k, v);
            }
          });
      try {
        log.info(json.writeValueAsString(line));
      } catch (JsonProcessingException e) {
        log.warn("{\"event\":\"audit-failure\"}");
      }
    };
  }

  /** Shorthand for a field map in call order. */
  static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
