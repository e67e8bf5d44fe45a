package dev.mcpspawner.gateway.audit;

import static dev.mcpspawner.gateway.audit.AuditLog.fields;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.gateway.auth.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Principal ALICE =
      new Principal("alice@example.com", Set.of("dev"), "alice-laptop", Set.of());

  private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level level;

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
    level = logger.getLevel();
    logger.setLevel(Level.INFO);
  }

  @AfterEach
  void release() {
    logger.setLevel(level);
    logger.detachAppender(lines);
  }

  private List<String> written() {
    List<String> out = new ArrayList<>();
    lines.list.forEach(e -> out.add(e.getFormattedMessage()));
    return out;
  }

  @Test
  void oneJsonLineWithWhoWhenAndTheFieldsInOrder() throws Exception {
    Instant before = Instant.now();
    new AuditLog(JSON)
        .record(
            "tool_call",
            ALICE,
            fields("session", "mcp-abc", "tool", "echo", "latencyMs", 12L, "retried", false));

    assertThat(written()).hasSize(1);
    String line = written().getFirst();
    assertThat(line).doesNotContain("\n");
    JsonNode event = JSON.readTree(line);
    List<String> names = new ArrayList<>();
    event.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "ts", "event", "user", "client", "session", "tool", "latencyMs", "retried");
    assertThat(Instant.parse(event.path("ts").asText())).isAfterOrEqualTo(before);
    assertThat(event.path("user").asText()).isEqualTo("alice@example.com");
    assertThat(event.path("client").asText()).isEqualTo("alice-laptop");
    assertThat(event.path("latencyMs").isIntegralNumber()).isTrue();
    assertThat(event.path("latencyMs").asLong()).isEqualTo(12);
    assertThat(event.path("retried").isBoolean()).isTrue();
  }

  @Test
  void nullFieldsAreDroppedAndAnonymousEventsCarryNoUser() throws Exception {
    new AuditLog(JSON).record("auth_failed", null, fields("reason", "bad key", "origin", null));

    JsonNode event = JSON.readTree(written().getFirst());
    assertThat(event.has("user")).isFalse();
    assertThat(event.has("client")).isFalse();
    assertThat(event.has("origin")).isFalse();
    assertThat(event.path("reason").asText()).isEqualTo("bad key");
  }

  @Test
  void aFieldCannotPassItselfOffAsTheUserOrTheEvent() throws Exception {
    new AuditLog(JSON)
        .record(
            "session_ended",
            ALICE,
            fields("user", "mallory", "event", "nothing", "ts", "1970", "session", "s"));

    String line = written().getFirst();
    JsonNode event = JSON.readTree(line);
    assertThat(event.path("user").asText()).isEqualTo("alice@example.com");
    assertThat(event.path("event").asText()).isEqualTo("session_ended");
    assertThat(line).doesNotContain("mallory").doesNotContain("1970");
  }

  @Test
  void otherValuesAreWrittenAsJsonAndLineBreaksAreEscaped() throws Exception {
    new AuditLog(JSON)
        .record(
            "scope_denied",
            ALICE,
            fields("scopes", List.of("a", "b"), "detail", Map.of("k", 1), "path", "x\"}\n{"));

    assertThat(written().getFirst()).doesNotContain("\n");
    JsonNode event = JSON.readTree(written().getFirst());
    assertThat(event.path("scopes").get(1).asText()).isEqualTo("b");
    assertThat(event.path("detail").path("k").asInt()).isEqualTo(1);
    assertThat(event.path("path").asText()).isEqualTo("x\"}\n{");
  }

  @Test
  void nothingIsWrittenWhenTheAuditLoggerIsOff() {
    logger.setLevel(Level.OFF);
    new AuditLog(JSON).record("tool_call", ALICE, fields("tool", "echo"));
    assertThat(lines.list).isEmpty();
  }
}
