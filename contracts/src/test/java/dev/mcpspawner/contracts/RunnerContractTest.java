package dev.mcpspawner.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RunnerContractTest {
  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  @Test
  void whatTheOperatorSetsIsPartOfWhatTheRunnerReadsAndEveryNameIsTheRunners() {
    assertThat(RunnerContract.RUNNER_ENV.names())
        .containsAll(RunnerContract.OPERATOR_ENV.names())
        .allMatch(name -> name.startsWith(RunnerContract.ENV_PREFIX));
  }

  @Test
  void aTokenDependsOnKeyAndIdentityAndIsUrlSafe() {
    String token = RunnerContract.token(KEY, "uid:a");
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(RunnerContract.token(KEY, "uid:a")).isEqualTo(token);
    assertThat(RunnerContract.token(KEY, "uid:b")).isNotEqualTo(token);
    byte[] other = KEY.clone();
    other[0] ^= 1;
    assertThat(RunnerContract.token(other, "uid:a")).isNotEqualTo(token);
    assertThatThrownBy(() -> RunnerContract.token(new byte[31], "uid:a"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
