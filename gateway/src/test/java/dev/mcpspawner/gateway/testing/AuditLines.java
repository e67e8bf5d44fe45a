package dev.mcpspawner.gateway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.gateway.audit.AuditLog;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures the audit log's JSON lines while open (try-with-resources around the requests). */
public final class AuditLines implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Level level;

  public AuditLines() {
    lines.start();
    logger.addAppender(lines);
    level = logger.getLevel();
    logger.setLevel(Level.INFO);
  }

  /** Every line so far, parsed. */
  public List<JsonNode> all() {
    List<JsonNode> out = new ArrayList<>();
    for (ILoggingEvent e : List.copyOf(lines.list)) {
      try {
        out.add(JSON.readTree(e.getFormattedMessage()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return out;
  }

  /** The lines of one event. */
  public List<JsonNode> of(String event) {
    return all().stream().filter(e -> event.equals(e.path("event").asText())).toList();
  }

  /** The lines of one event about one user. */
  public List<JsonNode> of(String event, String user) {
    return of(event).stream().filter(e -> user.equals(e.path("user").asText())).toList();
  }

  @Override
  public void close() {
    logger.setLevel(level);
    logger.detachAppender(lines);
  }
}
