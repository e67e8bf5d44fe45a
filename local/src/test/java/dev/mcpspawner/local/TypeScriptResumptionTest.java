package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.local.testing.NodeScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official TypeScript SDK client (1.32.2) resumes a call's event stream through the gateway
 * after the network drops it: its first stream is cut after the first progress notification, it
 * reconnects with GET and Last-Event-ID on its own, and gets the rest of the progress and the
 * result, each once, without the call being sent again (issue 13). Fixture: {@code
 * src/test/fixtures/ts-sdk-resume.mjs}, against the everything server.
 */
class TypeScriptResumptionTest {
  private static final String USER = "rosa@example.com";
  @RegisterExtension static final E2e e2e = E2e.of(USER);

  @Test
  void aCutEventStreamIsResumedWithLastEventIdAndNothingIsLostRepeatedOrSentTwice()
      throws Exception {
    JsonNode r =
        NodeScript.runWith(
            "@modelcontextprotocol/sdk",
            "ts-sdk-resume.mjs",
            e2e.key(USER),
            e2e.local().mcpUrl("everything"));

    assertThat(r.path("cut").asBoolean()).as(r.toString()).isTrue();
    assertThat(NodeScript.texts(r.get("result")))
        .as(r.toString())
        .anyMatch(t -> t.contains("Long running operation completed"));
    assertThat(NodeScript.texts(r.get("progress")))
        .as("every step's progress, once each, in order: %s", r)
        .containsExactly("1", "2", "3", "4");
    assertThat(r.path("calls").asInt()).as("the call was sent once: %s", r).isEqualTo(1);
    assertThat(NodeScript.texts(r.get("resumedWith")))
        .as("the SDK reconnected with the id of the last event it saw: %s", r)
        .anySatisfy(id -> assertThat(id).isNotBlank().isNotEqualTo("null"));
  }
}
