package dev.mcpspawner.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.testing.HandClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityTrackerTest {
  @Test
  void aBusySessionCostsOnePatchPerIntervalWithItsLatestActivity() {
    List<Map.Entry<String, Instant>> patches = new ArrayList<>();
    HandClock clock = new HandClock(Instant.parse("2026-01-01T00:00:00Z"));
    ActivityTracker tracker = new ActivityTracker(clock, (s, at) -> patches.add(Map.entry(s, at)));
    for (int i = 0; i < 1000; i++) {
      clock.advance(Duration.ofMillis(10));
      tracker.touch("mcp-busy");
    }
    tracker.touch("mcp-quiet");
    tracker.flush();
    assertThat(patches)
        .containsExactlyInAnyOrder(
            Map.entry("mcp-busy", clock.instant()), Map.entry("mcp-quiet", clock.instant()));

    patches.clear();
    tracker.flush();
    assertThat(patches).as("nothing happened in this interval").isEmpty();
  }

  @Test
  void requestsDuringAFlushWaitForTheNextOneInsteadOfBeingWrittenAgain() {
    // Busy sessions are touched again while their patch is on the wire. Each flush still writes
    // each session once; what came in meanwhile is the next interval's.
    Map<String, Integer> writes = new java.util.HashMap<>();
    ActivityTracker[] tracker = {null};
    tracker[0] =
        new ActivityTracker(
            Clock.systemUTC(),
            (s, at) -> {
              int n = writes.merge(s, 1, Integer::sum);
              if (n < 100) { // bounded, so a flush that keeps going fails instead of hanging
                tracker[0].touch(s); // a request for this session arrives during the patch
              }
            });
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sessions.add("mcp-session-" + i);
      tracker[0].touch("mcp-session-" + i);
    }
    tracker[0].flush();
    assertThat(writes).hasSize(200).allSatisfy((s, n) -> assertThat(n).as(s).isEqualTo(1));

    writes.clear();
    tracker[0].flush();
    assertThat(writes.keySet()).containsExactlyInAnyOrderElementsOf(sessions);
    assertThat(writes.values()).containsOnly(1);
  }

  @Test
  void aFailingPatchDoesNotStopTheOthers() {
    List<String> written = new ArrayList<>();
    ActivityTracker tracker =
        new ActivityTracker(
            Clock.systemUTC(),
            (s, at) -> {
              if (s.equals("mcp-gone")) {
                throw new IllegalStateException("404");
              }
              written.add(s);
            });
    tracker.touch("mcp-gone");
    tracker.touch("mcp-here");
    tracker.flush();
    assertThat(written).containsExactly("mcp-here");
  }
}
