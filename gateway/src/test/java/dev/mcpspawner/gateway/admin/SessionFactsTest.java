package dev.mcpspawner.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.crds.McpSession;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timestamps and sort keys of sessions read the same on the fast path as the slow one. */
class SessionFactsTest {
  @Test
  void timestampsReadAsInstantParseReadsThem() {
    for (String t :
        List.of(
            "2026-12-03T15:05:00Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2026-12-03T15:05:00.250Z",
            "2026-12-03T15:05:00+01:00")) {
      assertThat(SessionFacts.instant(t)).as(t).isEqualTo(Instant.parse(t));
    }
    for (String bad :
        List.of("2026-13-03T15:05:00Z", "2026-02-30T15:05:00Z", "2026-12-03T15:05:0xZ", "", "x")) {
      assertThat(SessionFacts.instant(bad)).as(bad).isEqualTo(Instant.EPOCH);
    }
    assertThat(SessionFacts.instant(null)).isEqualTo(Instant.EPOCH);
  }

  @Test
  void sortKeysAreTheZeroPaddedCreationTimeAndTheName() {
    McpSession s = new McpSession();
    s.setMetadata(
        new ObjectMetaBuilder()
            .withName("mcp-abc")
            .withCreationTimestamp("2026-12-03T15:05:00Z")
            .build());
    assertThat(SessionFacts.newestFirstKey(s))
        .isEqualTo(
            "%015d %s".formatted(Instant.parse("2026-12-03T15:05:00Z").toEpochMilli(), "mcp-abc"));
    s.getMetadata().setCreationTimestamp(null);
    assertThat(SessionFacts.newestFirstKey(s)).isEqualTo("000000000000000 mcp-abc");
  }

  @Test
  void sortKeysCompareAsTheirTextAndReadBackFromIt() {
    List<SessionFacts.SortKey> keys =
        List.of(
            new SessionFacts.SortKey(0, "mcp-a"),
            new SessionFacts.SortKey(1_764_774_300_000L, "mcp-b"),
            new SessionFacts.SortKey(1_764_774_300_000L, "mcp-ba"),
            new SessionFacts.SortKey(1_764_774_300_000L, "mcp-c"),
            new SessionFacts.SortKey(1_764_774_300_001L, "mcp-a"),
            new SessionFacts.SortKey(99_999_999_999_999L, "mcp-a"));
    for (var a : keys) {
      assertThat(SessionFacts.SortKey.parse(a.toString())).isEqualTo(a);
      for (var b : keys) {
        assertThat(Integer.signum(a.compareTo(b)))
            .as(a + " vs " + b)
            .isEqualTo(Integer.signum(a.toString().compareTo(b.toString())));
      }
    }
    for (String foreign :
        List.of("", "abc", "12345 mcp-a", "-00000000000001 x", "00000000000000x y")) {
      assertThatThrownBy(() -> SessionFacts.SortKey.parse(foreign))
          .as(foreign)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
