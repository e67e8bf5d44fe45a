package dev.mcpspawner.runner.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BearerTokenTest {
  private final BearerToken token = new BearerToken("s3cr3t-token");

  @Test
  void theHeaderWithTheTokenMatches() {
    assertThat(token.matches("Bearer s3cr3t-token")).isTrue();
    assertThat(token.matches("  Bearer s3cr3t-token \t")).as("surrounding blanks").isTrue();
  }

  @Test
  void anyOtherValueDoesNot() {
    assertThat(token.matches(null)).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches("Bearer")).isFalse();
    assertThat(token.matches("Bearer ")).isFalse();
    assertThat(token.matches("Bearer s3cr3t-tokeN")).as("one letter differs").isFalse();
    assertThat(token.matches("Bearer s3cr3t-toke")).as("a prefix of it").isFalse();
    assertThat(token.matches("Bearer s3cr3t-token2")).as("it and more").isFalse();
    assertThat(token.matches("Bearer s3cr3t-token\u0000")).as("it and a NUL").isFalse();
    assertThat(token.matches("Basic s3cr3t-token")).as("another scheme").isFalse();
    assertThat(token.matches("s3cr3t-token")).as("no scheme").isFalse();
  }

  @Test
  void aTokenOutsideAsciiIsComparedAsUtf8() {
    BearerToken unicode = new BearerToken("clé");
    assertThat(unicode.matches("Bearer clé")).isTrue();
    assertThat(unicode.matches("Bearer cle")).isFalse();
  }

  @Test
  void anEmptyTokenIsRefusedAtConfiguration() {
    assertThatThrownBy(() -> new BearerToken(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BearerToken(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
