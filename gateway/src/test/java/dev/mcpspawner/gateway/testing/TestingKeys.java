package dev.mcpspawner.gateway.testing;

import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator.ApiKey;
import java.util.List;

/** The API keys of the tests' users. */
public final class TestingKeys {
  public static final String ALICE = "alice-laptop-key-0123456789";
  public static final String ALICE_CI = "alice-ci-key-0123456789";
  public static final String BOB = "bob-key-0123456789";
  public static final String ADMIN = "admin-key-0123456789";
  public static final String CAROL_LIMITED = "carol-key-0123456789";

  public static final String ALICE_ID = "alice@example.com";
  public static final String BOB_ID = "bob@example.com";

  private TestingKeys() {}

  public static StaticApiKeyAuthenticator authenticator() {
    return new StaticApiKeyAuthenticator(
        List.of(
            key("alice-laptop", ALICE, ALICE_ID, List.of(), List.of()),
            key("alice-ci", ALICE_CI, ALICE_ID, List.of(), List.of()),
            key("bob", BOB, BOB_ID, List.of(), List.of()),
            key("ops", ADMIN, "root@example.com", List.of("mcp-admins"), List.of()),
            key("carol", CAROL_LIMITED, "carol@example.com", List.of(), List.of("other"))));
  }

  /** A key entry for {@code user} with no groups and every server. */
  public static ApiKey key(String id, String key, String user) {
    return key(id, key, user, List.of(), List.of());
  }

  private static ApiKey key(
      String id, String key, String user, List<String> groups, List<String> servers) {
    return new ApiKey(id, StaticApiKeyAuthenticator.hash(key), user, groups, servers);
  }
}
