package dev.mcpspawner.gateway;

import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.Credential;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-user credentials: declared by a server, set by each user for themselves, never shown back,
 * and required before a session of that server starts.
 */
class CredentialsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN_NAME = "GITHUB_TOKEN";
  static final String ALICES_VALUE = "ghp_alicesSecretValue0123";

  @RegisterExtension
  static final TestingGateway gateway = new TestingGateway(CredentialsTest::addGithub);

  static void addGithub(TestingCluster cluster) {
    cluster.addServerWithCredentials(
        "github",
        List.of(
            new Credential(
                TOKEN_NAME,
                "a fine-grained token with repo read access",
                true,
                "ghp_[A-Za-z0-9]{10,}"),
            new Credential("GITHUB_ORG", "your organisation", false, null)));
  }

  @Test
  void aSessionWithoutTheRequiredCredentialIsRefusedNamingItAndCreatesNothing() {
    int before = gateway.cluster().sessions().size();
    HttpResponse<String> r =
        gateway.http().post("github", TestingKeys.BOB, initialize("2025-06-18"));
    assertThat(r.body())
        .contains("\"error\"", TOKEN_NAME, "a fine-grained token", "/account")
        .doesNotContain("GITHUB_ORG");
    assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertThat(gateway.cluster().sessions()).hasSize(before);
  }

  @Test
  void aUserSetsTheirCredentialNeverSeesItBackAndThenGetsASession() throws Exception {
    assertThat(put(TestingKeys.ALICE, "github", TOKEN_NAME, ALICES_VALUE).statusCode())
        .isEqualTo(204);

    Secret secret = credentialSecret(TestingKeys.ALICE_ID, TOKEN_NAME);
    assertThat(secret.getData()).containsOnlyKeys(TOKEN_NAME);
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get(TOKEN_NAME)),
                StandardCharsets.UTF_8))
        .isEqualTo(ALICES_VALUE);
    McpUser alice = gateway.cluster().user(TestingKeys.ALICE_ID);
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(alice.getMetadata().getUid()));
    assertThat(secret.getMetadata().getLabels())
        .containsEntry(McpSpawner.LABEL_SERVER, "github")
        .containsEntry(McpSpawner.LABEL_COMPONENT, McpSpawner.COMPONENT_CREDENTIALS);

    HttpResponse<String> listed = list(TestingKeys.ALICE);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(ALICES_VALUE);
    JsonNode github = JSON.readTree(listed.body()).get("servers").get(0);
    assertThat(github.get("server").asText()).isEqualTo("github");
    assertThat(github.get("credentials").get(0).get("set").asBoolean()).isTrue();
    assertThat(github.get("credentials").get(0).get("setAt").asText()).startsWith("20");
    assertThat(github.get("credentials").get(1).get("set").asBoolean()).isFalse();

    HttpResponse<String> init =
        gateway.http().post("github", TestingKeys.ALICE, initialize("2025-06-18"));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    assertThat(init.headers().firstValue("Mcp-Session-Id")).isPresent();
  }

  @Test
  void anotherUserSeesAndDeletesOnlyTheirOwn() throws Exception {
    assertThat(put(TestingKeys.ALICE, "github", TOKEN_NAME, ALICES_VALUE).statusCode())
        .isEqualTo(204);
    JsonNode bobs = JSON.readTree(list(TestingKeys.BOB).body()).get("servers").get(0);
    assertThat(bobs.get("credentials").get(0).get("set").asBoolean()).isFalse();
    assertThat(delete(TestingKeys.BOB, "github", TOKEN_NAME).statusCode()).isEqualTo(404);
    assertThat(credentialSecret(TestingKeys.ALICE_ID, TOKEN_NAME).getData())
        .containsKey(TOKEN_NAME);
  }

  @Test
  void aDeletedCredentialIsGoneAndReplacingOneKeepsTheOther() throws Exception {
    String carol = TestingKeys.ALICE_CI; // alice's other key: the same user
    HttpResponse<String> first = put(carol, "github", TOKEN_NAME, "ghp_first0123456789");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
    assertThat(put(carol, "github", "GITHUB_ORG", "acme").statusCode()).isEqualTo(204);
    assertThat(put(carol, "github", TOKEN_NAME, ALICES_VALUE).statusCode()).isEqualTo(204);
    assertThat(value(TestingKeys.ALICE_ID, TOKEN_NAME)).isEqualTo(ALICES_VALUE);
    assertThat(value(TestingKeys.ALICE_ID, "GITHUB_ORG")).isEqualTo("acme");
    assertThat(delete(carol, "github", "GITHUB_ORG").statusCode()).isEqualTo(204);
    assertThat(credentialSecret(TestingKeys.ALICE_ID, "GITHUB_ORG")).isNull();
    assertThat(value(TestingKeys.ALICE_ID, TOKEN_NAME)).isEqualTo(ALICES_VALUE);
    JsonNode listed = JSON.readTree(list(carol).body()).get("servers").get(0).get("credentials");
    assertThat(listed.get(0).get("set").asBoolean()).isTrue();
    assertThat(listed.get(1).get("set").asBoolean()).isFalse();
    assertThat(delete(carol, "github", "GITHUB_ORG").statusCode()).isEqualTo(404);
  }

  @Test
  void badNamesValuesAndServersAreRefused() {
    String big = "ghp_" + "a".repeat(9000);
    assertThat(put(TestingKeys.BOB, "github", TOKEN_NAME, "not-a-token").statusCode())
        .isEqualTo(400);
    assertThat(put(TestingKeys.BOB, "github", TOKEN_NAME, big).statusCode()).isIn(400, 413);
    assertThat(put(TestingKeys.BOB, "github", "lower_case", "x").statusCode()).isEqualTo(400);
    assertThat(put(TestingKeys.BOB, "github", "UNDECLARED", "x").statusCode()).isEqualTo(404);
    assertThat(put(TestingKeys.BOB, "echo", TOKEN_NAME, ALICES_VALUE).statusCode()).isEqualTo(404);
    assertThat(put(TestingKeys.BOB, "no-such-server", TOKEN_NAME, "x").statusCode()).isEqualTo(404);
    // carol's key may use "other" only
    assertThat(put(TestingKeys.CAROL_LIMITED, "github", TOKEN_NAME, ALICES_VALUE).statusCode())
        .isEqualTo(403);
    HttpResponse<String> raw =
        gateway
            .http()
            .putJson(
                "/account/api/credentials/github/" + TOKEN_NAME,
                TestingKeys.BOB,
                "\"just a string\"");
    assertThat(raw.statusCode()).isEqualTo(400);
    assertThat(gateway.http().get("/account/api/credentials", null).statusCode()).isEqualTo(401);
  }

  static Secret credentialSecret(String userId, String name) {
    return gateway
        .cluster()
        .client()
        .secrets()
        .inNamespace(TestingCluster.NAMESPACE)
        .withName(Names.credentialSecretName(Names.userSlug(userId), "github", name))
        .get();
  }

  static String value(String userId, String name) {
    Secret s = credentialSecret(userId, name);
    return s == null
        ? null
        : new String(Base64.getDecoder().decode(s.getData().get(name)), StandardCharsets.UTF_8);
  }

  static HttpResponse<String> list(String key) {
    return gateway.http().get("/account/api/credentials", key);
  }

  static HttpResponse<String> put(String key, String server, String name, String value) {
    String body;
    try {
      body = JSON.writeValueAsString(java.util.Map.of("value", value));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return gateway.http().putJson("/account/api/credentials/" + server + "/" + name, key, body);
  }

  static HttpResponse<String> delete(String key, String server, String name) {
    return gateway.http().delete("/account/api/credentials/" + server + "/" + name, key);
  }
}
