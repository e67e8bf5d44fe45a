package dev.mcpspawner.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.gateway.auth.Principal;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
  private static final Set<String> RESERVED = Set.of("ts", "event", "user", "client");

  private final ObjectMapper json;

  public AuditLog(ObjectMapper json) {
    this.json = json;
  }

  /**
   * An event; {@code principal} may be null (anonymous), fields with null values are dropped, and a
   * field cannot take the name of the line's own {@code ts}, {@code event}, {@code user} or {@code
   * client}: those always say who and when, whatever a caller passes.
   */
  public void record(String event, Principal principal, Map<String, Object> fields) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    StringWriter line = new StringWriter(256);
    try (JsonGenerator out = json.getFactory().createGenerator(line)) {
      out.writeStartObject();
      out.writeStringField("ts", Instant.now().toString());
      out.writeStringField("event", event);
      if (principal != null) {
        out.writeStringField("user", principal.userId());
        out.writeStringField("client", principal.clientId());
      }
      for (Map.Entry<String, Object> field : fields.entrySet()) {
        Object value = field.getValue();
        if (value == null || RESERVED.contains(field.getKey())) {
          continue;
        }
        out.writeFieldName(field.getKey());
        switch (value) {
          case String s -> out.writeString(s);
          case Long n -> out.writeNumber(n);
          case Integer n -> out.writeNumber(n);
          case Boolean b -> out.writeBoolean(b);
          default -> out.writeObject(value);
        }
      }
      out.writeEndObject();
    } catch (IOException e) {
      LOG.warn("{\"event\":\"audit-failure\"}");
      return;
    }
    LOG.info(line.toString());
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
