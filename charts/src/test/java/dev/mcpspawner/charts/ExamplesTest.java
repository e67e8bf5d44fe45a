package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpspawner.contracts.SessionDirPolicy;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.operator.server.McpServerValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every file in examples/ is something the API server accepts and the operator can run. */
@EnableKubernetesMockClient(crud = true)
class ExamplesTest {
  static final Path EXAMPLES = Path.of("../examples");
  static final String NAMESPACE = "mcp-sessions";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  KubernetesClient client;

  @BeforeEach
  void registerCrds() {
    Crds.register(client);
  }

  @Test
  void everyCatalogEntryMatchesTheCrdSchemaAndIsAccepted() throws IOException {
    CrdSchema schema = new CrdSchema(Crds.load(Crds.SERVERS));
    List<String> names = new ArrayList<>();
    for (JsonNode document : documents(EXAMPLES.resolve("servers"))) {
      assertThat(document.path("kind").asText()).isEqualTo("McpServer");
      String name = document.path("metadata").path("name").asText();
      assertThat(schema.violations(document)).as(name).isEmpty();

      McpServer server =
          client.getKubernetesSerialization().convertValue(document, McpServer.class);
      client.resource(server).inNamespace(NAMESPACE).create();
      names.add(name);
    }
    assertThat(client.resources(McpServer.class).inNamespace(NAMESPACE).list().getItems())
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(names)
        .contains("memory", "memory-shared", "filesystem", "filesystem-scratch", "everything");
  }

  @Test
  void memoryIsKeptPerSessionOrPerUser() throws IOException {
    Map<String, McpServer> servers = servers();
    McpServer perSession = servers.get("memory");
    McpServer perUser = servers.get("memory-shared");

    assertThat(perSession.getSpec().getEnv().get("MEMORY_FILE_PATH")).startsWith("{SESSION_DIR}/");
    assertThat(perSession.getSpec().getSessionDirPolicy()).isEqualTo(SessionDirPolicy.DELETE);
    assertThat(perUser.getSpec().getEnv().get("MEMORY_FILE_PATH")).startsWith("{USER_DIR}/");
    assertThat(perUser.getSpec().getStorage().isHome()).isTrue();
  }

  @Test
  void githubAsksEachUserForTheirOwnTokenAndChecksItsShape() throws IOException {
    McpServer github = servers().get("github");
    assertThat(github.getSpec().getCredentials())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getName()).isEqualTo("GITHUB_PERSONAL_ACCESS_TOKEN");
              assertThat(c.isRequired()).isTrue();
              assertThat("github_pat_11ABCDEFG0123456789_abcdefghij").matches(c.getPattern());
              assertThat("ghp_" + "a".repeat(36)).matches(c.getPattern());
              assertThat("not a token").doesNotMatch(c.getPattern());
            });
    assertThat(github.getSpec().getEnv()).doesNotContainKey("GITHUB_PERSONAL_ACCESS_TOKEN");
  }

  @Test
  void filesystemServersSeeOnlyTheirOwnDirectory() throws IOException {
    Map<String, McpServer> servers = servers();
    assertThat(servers.get("filesystem").getSpec().getArgs()).last().isEqualTo("{USER_DIR}");
    assertThat(servers.get("filesystem-scratch").getSpec().getArgs())
        .last()
        .isEqualTo("{SESSION_DIR}");
  }

  @Test
  void operatorFindsNothingWrongWithAnyCatalogEntry() throws IOException {
    // What the schema cannot say: a command for stdio, known template variables, durations.
    assertThat(servers())
        .allSatisfy(
            (name, server) ->
                assertThat(McpServerValidator.problems(server.getSpec())).as(name).isEmpty());
  }

  @Test
  void sampleSessionMatchesTheCrdSchemaAndIsAccepted() throws IOException {
    CrdSchema schema = new CrdSchema(Crds.load(Crds.SESSIONS));
    List<JsonNode> documents = documents(EXAMPLES.resolve("sessions"));
    assertThat(documents).isNotEmpty();
    for (JsonNode document : documents) {
      assertThat(schema.violations(document)).isEmpty();
      McpSession session =
          client.getKubernetesSerialization().convertValue(document, McpSession.class);
      McpSession created = client.resource(session).inNamespace(NAMESPACE).create();
      assertThat(created.getSpec().getServer()).isIn(servers().keySet());
    }
  }

  @Test
  void schemaCheckCatchesWhatTheApiServerWould() throws IOException {
    JsonNode bad =
        YAML.readTree(
            """
            apiVersion: mcpspawner.dev/v1alpha1
            kind: McpServer
            metadata: {name: bad}
            spec:
              comand: npx
              egress: everywhere
              idleTimeout: half an hour
              port: 70000
            """);
    assertThat(new CrdSchema(Crds.load(Crds.SERVERS)).violations(bad))
        .hasSize(4)
        .anySatisfy(v -> assertThat(v).startsWith("spec.comand: unknown field"))
        .anySatisfy(v -> assertThat(v).startsWith("spec.egress:"))
        .anySatisfy(v -> assertThat(v).startsWith("spec.idleTimeout:"))
        .anySatisfy(v -> assertThat(v).startsWith("spec.port: above"));
  }

  private Map<String, McpServer> servers() throws IOException {
    return documents(EXAMPLES.resolve("servers")).stream()
        .map(d -> client.getKubernetesSerialization().convertValue(d, McpServer.class))
        .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
  }

  /** Every YAML document of every file in {@code dir}. */
  static List<JsonNode> documents(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
          YAML.readValues(parser, JsonNode.class).forEachRemaining(out::add);
        }
      }
    }
    return out;
  }
}
