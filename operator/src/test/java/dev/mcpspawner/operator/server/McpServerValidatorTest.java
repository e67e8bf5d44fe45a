package dev.mcpspawner.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.Transport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpServerValidatorTest {
  @Test
  void seedStyleStdioEntryWithKnownVariablesIsValid() {
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");
    spec.setArgs(List.of("-y", "@modelcontextprotocol/server-filesystem", "{USER_DIR}/files"));
    spec.setEnv(Map.of("MEMORY_FILE_PATH", "{SESSION_DIR}/{INSTANCE_TYPE}.json"));
    spec.setWorkingDir("{SESSION_DIR}");
    spec.setIdleTimeout("1h30m");
    assertThat(McpServerValidator.problems(spec)).isEmpty();
  }

  @Test
  void everyProblemIsReportedWithWhereItIs() {
    McpServerSpec spec = new McpServerSpec();
    spec.setTransport(Transport.STREAMABLE_HTTP);
    spec.setArgs(List.of("{USERDIR}"));
    spec.setWorkingDir("{TMP}");
    spec.setEnv(Map.of("MCP_RUNNER_COMMAND", "sh", "BAD-NAME", "x", "OK", "{SECRET}"));
    spec.setMaxLifetime("forever");

    assertThat(McpServerValidator.problems(spec))
        .anyMatch(p -> p.startsWith("spec.port is required"))
        .anyMatch(p -> p.startsWith("spec.image is required"))
        .anyMatch(p -> p.startsWith("spec.args[0] uses unknown template variable {USERDIR}"))
        .anyMatch(p -> p.startsWith("spec.workingDir uses unknown template variable {TMP}"))
        .anyMatch(p -> p.startsWith("spec.env.OK uses unknown template variable {SECRET}"))
        .anyMatch(p -> p.contains("MCP_RUNNER_ are reserved"))
        .anyMatch(p -> p.contains("'BAD-NAME' is not a valid environment variable name"))
        .anyMatch(p -> p.startsWith("spec.maxLifetime: 'forever' is not a duration"));
  }
}
