package dev.mcpspawner.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void validDnsLabelIsKeptAsIs() {
    assertThat(Names.userSlug("alice")).isEqualTo("alice");
    assertThat(Names.userSlug("bob-2")).isEqualTo("bob-2");
  }

  @Test
  void emailBecomesSlugWithHash() {
    String slug = Names.userSlug("Alice.Smith@example.com");
    assertThat(slug).startsWith("alice-smith-example-com---").matches("[a-z0-9-]+");
    assertThat(Names.isDnsLabel(slug)).isTrue();
  }

  @Test
  void idThatLooksLikeAHashedSlugIsHashedItself() {
    String hashed = Names.userSlug("a@b");
    // A user literally named like another user's slug must not get that slug.
    assertThat(Names.userSlug(hashed)).isNotEqualTo(hashed);
    assertThat(Names.userSlug("a--b")).isNotEqualTo("a--b");
  }

  @Test
  void pathAndShellCharactersNeverSurvive() {
    for (String id :
        new String[] {"../../etc/passwd", "a/b", "$(rm -rf /)", "x;y|z`w`", "..", "/"}) {
      String slug = Names.userSlug(id);
      assertThat(Names.isDnsLabel(slug)).as(id).isTrue();
      assertThat(slug).doesNotContain("/", "..", "$", ";", "|", "`", " ");
    }
  }

  @Test
  void unicodeAndLongIdsFitInALabel() {
    assertThat(Names.isDnsLabel(Names.userSlug("Jörg Müller 日本"))).isTrue();
    assertThat(Names.userSlug("日本")).startsWith("x---");
    String longId = "u".repeat(300);
    String slug = Names.userSlug(longId);
    assertThat(slug).hasSizeLessThanOrEqualTo(63);
    assertThat(Names.isDnsLabel(slug)).isTrue();
    assertThat(Names.isDnsLabel(Names.homeClaimName(slug))).isTrue();
  }

  @Test
  void emptyIdIsRejected() {
    assertThatThrownBy(() -> Names.userSlug("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 2000)
  void everySlugIsADnsLabel(@ForAll("userIds") String id) {
    String slug = Names.userSlug(id);
    assertThat(slug).hasSizeLessThanOrEqualTo(Names.MAX_LABEL);
    assertThat(Names.isDnsLabel(slug)).as("slug of %s: %s", id, slug).isTrue();
  }

  @Property(tries = 500)
  void slugIsStable(@ForAll("userIds") String id) {
    assertThat(Names.userSlug(id)).isEqualTo(Names.userSlug(id));
  }

  /**
   * Many ids that differ only in case, punctuation or after the 40th character map to the same slug
   * prefix; their slugs must still all differ.
   */
  @Test
  void distinctIdsNeverShareASlug() {
    Random random = new Random(42);
    Map<String, String> idBySlug = new HashMap<>();
    Set<String> ids = new HashSet<>();
    String[] stems = {"alice", "Alice", "alice@example.com", "alice.example.com", "ALICE-EXAMPLE"};
    while (ids.size() < 200_000) {
      String id =
          switch (random.nextInt(4)) {
            case 0 -> stems[random.nextInt(stems.length)] + randomSuffix(random, 3);
            case 1 -> "x".repeat(60) + randomSuffix(random, 6);
            case 2 -> randomSuffix(random, 1 + random.nextInt(20));
            default -> "user" + random.nextInt(1_000_000);
          };
      if (!ids.add(id)) {
        continue;
      }
      String previous = idBySlug.put(Names.userSlug(id), id);
      assertThat(previous).as("slug collision between '%s' and '%s'", previous, id).isNull();
    }
  }

  private static final java.util.regex.Pattern DNS_SUBDOMAIN =
      java.util.regex.Pattern.compile(
          "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  @Test
  void credentialSecretNamesAreReadableWhereTheyCanBe() {
    assertThat(Names.credentialSecretName("alice", "github", "GITHUB_PERSONAL_ACCESS_TOKEN"))
        .isEqualTo("cred-github.alice.github-personal-access-token");
    // A dash at either end of a label is not a DNS name: those names are encoded.
    assertThat(Names.credentialSecretName("alice", "github", "_TOKEN"))
        .startsWith("cred-github.alice.0")
        .matches(DNS_SUBDOMAIN);
    assertThat(Names.credentialSecretName("alice", "github", "TOKEN_"))
        .matches(DNS_SUBDOMAIN)
        .isNotEqualTo(Names.credentialSecretName("alice", "github", "_TOKEN"));
    assertThatThrownBy(() -> Names.credentialSecretName("alice", "github", "token"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Names.credentialSecretName("alice", "github", "../X"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 2000)
  void credentialSecretNamesAreDnsSubdomainsAndOneToOne(
      @ForAll("credentialNames") String a, @ForAll("credentialNames") String b) {
    String slug = Names.userSlug("Alice.Smith@example.com");
    String nameA = Names.credentialSecretName(slug, "a-server", a);
    assertThat(nameA).matches(DNS_SUBDOMAIN).hasSizeLessThanOrEqualTo(253);
    assertThat(nameA.equals(Names.credentialSecretName(slug, "a-server", b)))
        .isEqualTo(a.equals(b));
  }

  @Provide
  Arbitrary<String> credentialNames() {
    Arbitrary<String> first = Arbitraries.of("A", "Z", "_", "G");
    Arbitrary<String> rest =
        Arbitraries.strings().withChars("AB_9Z0").ofMinLength(0).ofMaxLength(62);
    return net.jqwik.api.Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  @Test
  void sessionNamesAreRandomLabelsOf128Bits() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String name = Names.newSessionName();
      assertThat(Names.isDnsLabel(name)).isTrue();
      assertThat(Names.isSessionName(name)).isTrue();
      assertThat(seen.add(name)).isTrue();
    }
    assertThat(Names.isSessionName("mcp-../../etc")).isFalse();
    assertThat(Names.isSessionName("mcp-" + "a".repeat(27))).isFalse();
  }

  @Test
  void statelessNameDependsOnEveryPartOfTheKey() {
    String base = Names.statelessSessionName("alice", "memory", "claude-ai");
    assertThat(Names.statelessSessionName("alice", "memory", "claude-ai")).isEqualTo(base);
    assertThat(Names.statelessSessionName("alice", "memory", "claude-desktop")).isNotEqualTo(base);
    assertThat(Names.statelessSessionName("bob", "memory", "claude-ai")).isNotEqualTo(base);
    assertThat(Names.statelessSessionName("alice", "fs", "claude-ai")).isNotEqualTo(base);
    // The separator cannot be smuggled in through an id.
    assertThat(Names.statelessSessionName("a|b", "c", "d"))
        .isNotEqualTo(Names.statelessSessionName("a", "b|c", "d"));
    assertThat(Names.isSessionName(base)).isTrue();
  }

  private static String randomSuffix(Random random, int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABC0123456789.@-_+/ äöü日本";
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  @Provide
  Arbitrary<String> userIds() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMinLength(1).ofMaxLength(300),
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('-', '.', '@')
            .ofMinLength(1)
            .ofMaxLength(80),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30));
  }
}
