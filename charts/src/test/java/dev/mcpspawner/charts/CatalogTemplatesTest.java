package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code catalog.examples}: the example catalog ships in the chart and the entries named are
 * installed as McpServers, as examples/servers/ defines them.
 */
class CatalogTemplatesTest {
  static final Path CATALOG = RenderedChart.CHART.resolve("catalog");
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theChartsCatalogIsTheRepositorysExamples() throws IOException {
    List<Path> examples = yamlFiles(ExamplesTest.EXAMPLES.resolve("servers"));
    assertThat(yamlFiles(CATALOG))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyElementsOf(examples.stream().map(p -> p.getFileName().toString()).toList());
    for (Path example : examples) {
      assertThat(Files.readString(CATALOG.resolve(example.getFileName().toString())))
          .as(
              "charts/mcp-spawner/catalog/%s is stale: cp examples/servers/*.yaml"
                  + " charts/mcp-spawner/catalog/",
              example.getFileName())
          .isEqualTo(Files.readString(example));
    }
  }

  @Test
  void theNamedExamplesBecomeMcpServersInTheSessionsNamespace() throws IOException {
    RenderedChart chart =
        RenderedChart.renderWith(
            Map.of(
                "sessions.namespace", "mcp-sessions",
                "catalog.examples[0]", "memory-shared",
                "catalog.examples[1]", "filesystem-scratch"));
    List<HasMetadata> servers =
        chart.objects().stream().filter(o -> o.getKind().equals("McpServer")).toList();
    assertThat(servers)
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("memory-shared", "filesystem-scratch");
    for (HasMetadata server : servers) {
      assertThat(server.getMetadata().getNamespace()).isEqualTo("mcp-sessions");
      assertThat(server.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/part-of", "mcp-spawner");
      JsonNode example =
          ExamplesTest.documents(ExamplesTest.EXAMPLES.resolve("servers")).stream()
              .filter(
                  d ->
                      d.path("metadata")
                          .path("name")
                          .asText()
                          .equals(server.getMetadata().getName()))
              .findFirst()
              .orElseThrow();
      JsonNode rendered = JSON.valueToTree(server);
      assertThat(rendered.path("apiVersion")).isEqualTo(example.path("apiVersion"));
      assertThat(rendered.path("spec")).isEqualTo(example.path("spec"));
    }
  }

  @Test
  void noExampleIsInstalledUnlessNamedAndAnUnknownNameIsRefusedWithTheChoices() {
    assertThat(RenderedChart.withDefaults().objects())
        .noneMatch(o -> o.getKind().equals("McpServer"));
    assertThatThrownBy(() -> RenderedChart.renderWith(Map.of("catalog.examples[0]", "memroy")))
        .hasMessageContaining("no example McpServer \"memroy\"")
        .hasMessageContaining("everything, filesystem, filesystem-scratch, github, memory");
    assertThatThrownBy(() -> RenderedChart.renderWith(Map.of("catalog.examples[0]", "Memory!")))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("catalog");
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
