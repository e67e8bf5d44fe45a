package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.local.testing.NodeScript;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official TypeScript SDK client (1.32.2) and {@code @modelcontextprotocol/server-filesystem}
 * through the gateway, as the example catalog runs it ({@code examples/servers/filesystem.yaml}:
 * confined to the user's home): a user's file lands in their home on disk and is read back; another
 * user's session sees neither it nor anything outside its own home (issue 13). Fixture: {@code
 * src/test/fixtures/ts-sdk-filesystem.mjs}.
 */
class TypeScriptFilesystemTest {
  private static final String ANA = "ana-fs@example.com";
  private static final String BOB = "bob-fs@example.com";
  @RegisterExtension static final E2e e2e = E2e.of(ANA, BOB);

  private static JsonNode run(String user, String fileName, String foreign) throws Exception {
    return NodeScript.runWith(
        "@modelcontextprotocol/sdk",
        "ts-sdk-filesystem.mjs",
        e2e.key(user),
        e2e.local().mcpUrl("filesystem"),
        fileName,
        foreign);
  }

  @Test
  void aUsersFileStaysInTheirHomeAndNoOtherSessionReachesItOrAnythingOutside() throws Exception {
    JsonNode ana = run(ANA, "ana-note.txt", "/etc/hostname");
    Path anaDir = Path.of(ana.path("dir").asText());
    assertThat(ana.path("write").path("error").asBoolean()).as(ana.toString()).isFalse();
    assertThat(ana.path("read").path("text").asText()).isEqualTo("written by ana-note.txt");
    assertThat(ana.path("listing").asText()).contains("ana-note.txt");
    assertThat(anaDir).startsWith(e2e.local().homes().toRealPath());
    assertThat(Files.readString(anaDir.resolve("ana-note.txt")))
        .isEqualTo("written by ana-note.txt");
    assertThat(ana.path("foreign").path("error").asBoolean())
        .as("outside the home: %s", ana.path("foreign"))
        .isTrue();
    assertThat(ana.path("parent").path("error").asBoolean())
        .as("the homes directory above it: %s", ana.path("parent"))
        .isTrue();

    JsonNode bob = run(BOB, "", anaDir.resolve("ana-note.txt").toString());
    assertThat(bob.path("dir").asText()).as(bob.toString()).isNotEqualTo(anaDir.toString());
    assertThat(bob.path("allowed").asText()).doesNotContain(anaDir.toString());
    assertThat(bob.path("listing").asText()).doesNotContain("ana-note.txt");
    assertThat(bob.path("foreign").path("error").asBoolean())
        .as("another user's file: %s", bob.path("foreign"))
        .isTrue();
    assertThat(bob.path("foreign").path("text").asText()).doesNotContain("written by");
  }
}
