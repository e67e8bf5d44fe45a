package dev.mcpspawner.operator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.Storage;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.testing.Catalog;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Template variables render into slugs: no user id or client name escapes its directory. */
class TemplateSubstitutionTest {
  static final String NS = "ns";
  static final String LONG = "x".repeat(300) + "@example.com";

  static List<String[]> hostileIds() {
    return List.of(
        new String[] {"../../etc/passwd", "../.."},
        new String[] {"/", "/"},
        new String[] {"alice/../../root", "claude/../../desktop"},
        new String[] {"bob; rm -rf / #", "$(curl http://169.254.169.254)"},
        new String[] {"`id` && echo {SESSION_ID}", "a|b>c<d&e'f\"g\\h"},
        new String[] {"Ünïcödé 用户", "クライアント"},
        new String[] {LONG, LONG},
        new String[] {"..", "."});
  }

  @ParameterizedTest
  @MethodSource("hostileIds")
  void hostileUserIdsAndClientNamesBecomeSlugsThatStayInTheirDirectories(
      String user, String client) {
    McpSession session = Catalog.session(NS, Names.newSessionName(), user, "memory", client);
    Pod pod = SandboxPod.of(SessionPlan.of(session, server(), OperatorConfig.defaults()));

    Map<String, String> env = env(pod);
    String userSlug = Names.userSlug(user);
    String clientSlug = Names.safeSlug(client);
    for (String slug : List.of(userSlug, clientSlug)) {
      assertThat(Names.isDnsLabel(slug)).as(slug).isTrue();
      assertThat(slug).doesNotContain("/").doesNotContain("..").hasSizeLessThanOrEqualTo(63);
    }
    assertThat(env.get("DATA")).isEqualTo("/home/mcp/" + userSlug + "/" + clientSlug + ".json");
    assertThat(pod.getSpec().getContainers().get(0).getArgs())
        .containsExactly("npx", "--user", userSlug, "--client=" + clientSlug);
    assertThat(env.get(RunnerContract.Env.WORKDIR.name()))
        .isEqualTo("/home/mcp/sessions/" + session.getMetadata().getName());
    assertThat(pod.getMetadata().getLabels().values())
        .allSatisfy(v -> assertThat(v).hasSizeLessThanOrEqualTo(63).doesNotContain("/"));
    assertThat(SessionPlan.of(session, server(), OperatorConfig.defaults()).homeClaimName())
        .hasSizeLessThanOrEqualTo(63)
        .startsWith("home-");
  }

  @Test
  void valuesWithRegexReplacementCharactersAreInsertedLiterally() {
    String text = TemplateVariables.substitute("{USER_ID}-{USER_ID}", Map.of("USER_ID", "a$1\\b"));
    assertThat(text).isEqualTo("a$1\\b-a$1\\b");
  }

  @Test
  void bracesThatAreNotVariablesAreLeftAlone() {
    String json = "{\"mode\":\"ro\"} {lowercase} {}";
    assertThat(TemplateVariables.unknownIn(json)).isEmpty();
    assertThat(TemplateVariables.substitute(json, Map.of())).isEqualTo(json);
  }

  @Test
  void unknownVariablesAreReportedNotReplacedByNothing() {
    assertThat(TemplateVariables.unknownIn("{USER_DIR}/{HOME}/{SESSION_ID}/{TOKEN}"))
        .containsExactly("HOME", "TOKEN");
    assertThatThrownBy(() -> TemplateVariables.substitute("{HOME}", Map.of()))
        .hasMessageContaining("{HOME}");
  }

  @Test
  void withoutStorageUserDirIsUnderTmp() {
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");
    spec.setArgs(List.of("{USER_DIR}", "{SESSION_DIR}", "{SERVER_NAME}", "{SESSION_ID}"));
    McpSession session = Catalog.session(NS, "mcp-abc", "u", "plain", "c");
    Pod pod =
        SandboxPod.of(
            SessionPlan.of(session, Catalog.server(NS, "plain", spec), OperatorConfig.defaults()));
    assertThat(pod.getSpec().getContainers().get(0).getArgs())
        .containsExactly("npx", "/tmp/home", "/tmp/home/sessions/mcp-abc", "plain", "mcp-abc");
    assertThat(env(pod).get("HOME")).isEqualTo("/tmp/home");
  }

  private static McpServer server() {
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");
    spec.setArgs(List.of("--user", "{USER_ID}", "--client={INSTANCE_TYPE}"));
    spec.setEnv(Map.of("DATA", "{USER_DIR}/{USER_ID}/{INSTANCE_TYPE}.json"));
    spec.setStorage(new Storage());
    return Catalog.server(NS, "memory", spec);
  }

  private static Map<String, String> env(Pod pod) {
    return pod.getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
