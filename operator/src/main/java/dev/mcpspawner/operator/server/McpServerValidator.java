package dev.mcpspawner.operator.server;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.crds.Durations;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.Transport;
import dev.mcpspawner.operator.session.TemplateVariables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the CRD schema cannot check about a McpServer. Each problem is a sentence a person can act
 * on; an empty list means sessions can be started from the entry.
 */
public final class McpServerValidator {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private McpServerValidator() {}

  public static List<String> problems(McpServerSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    Transport transport = spec.getTransport() == null ? Transport.STDIO : spec.getTransport();
    if (transport == Transport.STDIO && isBlank(spec.getCommand())) {
      problems.add("spec.command is required for transport stdio (e.g. npx)");
    }
    if (transport == Transport.STREAMABLE_HTTP) {
      if (spec.getPort() == null) {
        problems.add("spec.port is required for transport streamable-http");
      }
      if (isBlank(spec.getImage())) {
        problems.add(
            "spec.image is required for transport streamable-http: the runner image does not"
                + " serve MCP over HTTP by itself");
      }
    }
    duration(problems, "idleTimeout", spec.getIdleTimeout());
    duration(problems, "maxLifetime", spec.getMaxLifetime());
    duration(problems, "startTimeout", spec.getStartTimeout());
    List<String> args = spec.getArgs() == null ? List.of() : spec.getArgs();
    for (int i = 0; i < args.size(); i++) {
      templates(problems, "spec.args[" + i + "]", args.get(i));
    }
    templates(problems, "spec.workingDir", spec.getWorkingDir());
    Map<String, String> env = spec.getEnv() == null ? Map.of() : spec.getEnv();
    env.forEach(
        (name, value) -> {
          if (!ENV_NAME.matcher(name).matches()) {
            problems.add("spec.env: '" + name + "' is not a valid environment variable name");
          } else if (name.startsWith(RunnerContract.ENV_PREFIX)) {
            problems.add(
                "spec.env."
                    + name
                    + ": names starting with "
                    + RunnerContract.ENV_PREFIX
                    + " are reserved for the runner");
          }
          templates(problems, "spec.env." + name, value);
        });
    return problems;
  }

  private static void templates(List<String> problems, String where, String text) {
    Set<String> unknown = TemplateVariables.unknownIn(text);
    for (String name : unknown) {
      problems.add(
          where
              + " uses unknown template variable {"
              + name
              + "}; known: "
              + TemplateVariables.NAMES.stream().sorted().map(n -> "{" + n + "}").toList());
    }
  }

  private static void duration(List<String> problems, String field, String value) {
    if (value != null) {
      try {
        Durations.parse(value);
      } catch (IllegalArgumentException e) {
        problems.add("spec." + field + ": " + e.getMessage());
      }
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
