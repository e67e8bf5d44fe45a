package dev.mcpspawner.runner.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolVersionsTest {
  @Test
  void anOlderClientHearsTheVersionItAskedFor() {
    assertThat(ProtocolVersions.negotiate("2025-06-18", "2025-11-25")).isEqualTo("2025-06-18");
    assertThat(ProtocolVersions.negotiate("2025-03-26", "2025-11-25")).isEqualTo("2025-03-26");
  }

  @Test
  void aClientNewerThanTheServerHearsTheServersVersion() {
    assertThat(ProtocolVersions.negotiate("2025-11-25", "2025-06-18")).isEqualTo("2025-06-18");
  }

  @Test
  void anUnknownVersionIsAnsweredWithTheServersVersion() {
    assertThat(ProtocolVersions.negotiate("1999-01-01", "2025-11-25")).isEqualTo("2025-11-25");
    assertThat(ProtocolVersions.negotiate("nonsense", "2025-11-25")).isEqualTo("2025-11-25");
    assertThat(ProtocolVersions.negotiate(null, "2025-11-25")).isEqualTo("2025-11-25");
  }
}
