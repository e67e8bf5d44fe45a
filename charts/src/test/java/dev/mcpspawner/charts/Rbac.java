package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The chart's Roles against API calls a module's tests recorded (ApiCallRecorder, in the testing
 * module): reading the recordings, collecting the rules bound to a ServiceAccount in a namespace,
 * and deciding whether they allow a call.
 */
final class Rbac {
  private Rbac() {}

  /** {@code <verb> <group|core> <resource>[/<sub>] [<name>]}; the name only where recorded. */
  record ApiCall(String verb, String group, String resource, String name) {
    static ApiCall parse(String line) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length != 3 && parts.length != 4) {
        throw new AssertionError("not '<verb> <group|core> <resource> [<name>]': " + line);
      }
      return new ApiCall(
          parts[0],
          parts[1].equals("core") ? "" : parts[1],
          parts[2],
          parts.length == 4 ? parts[3] : null);
    }

    ApiCall withoutName() {
      return new ApiCall(verb, group, resource, null);
    }

    @Override
    public String toString() {
      return verb
          + " "
          + (group.isEmpty() ? "core" : group)
          + " "
          + resource
          + (name == null ? "" : " " + name);
    }
  }

  /** The calls recorded in {@code directory}; fails when there are none to check. */
  static List<ApiCall> recordedCalls(Path directory, String module) throws IOException {
    if (!Files.isDirectory(directory)) {
      fail(
          "No API call recordings in %s: the %s module's tests write them. Build the whole reactor"
              + " (./mvnw verify), or run that module's tests first (./mvnw -pl %s -am verify).",
          directory.toAbsolutePath().normalize(), module, module);
    }
    Set<String> lines = new TreeSet<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
        Files.readAllLines(file).stream().filter(l -> !l.isBlank()).forEach(lines::add);
      }
    }
    assertThat(lines).as("API calls recorded in %s", directory).isNotEmpty();
    return lines.stream().map(ApiCall::parse).toList();
  }

  /** The ServiceAccount {@code workload}'s pods run as. */
  static String serviceAccountOf(Deployment workload) {
    return workload.getSpec().getTemplate().getSpec().getServiceAccountName();
  }

  /** The rules of every Role in {@code namespace} bound to {@code workload}'s ServiceAccount. */
  static List<PolicyRule> rulesOf(RenderedChart chart, Deployment workload, String namespace) {
    String account = serviceAccountOf(workload);
    List<PolicyRule> rules = new ArrayList<>();
    for (RoleBinding binding : chart.all(RoleBinding.class)) {
      boolean toAccount =
          binding.getMetadata().getNamespace().equals(namespace)
              && binding.getRoleRef().getKind().equals("Role")
              && binding.getSubjects().stream()
                  .anyMatch(
                      s ->
                          s.getKind().equals("ServiceAccount")
                              && s.getName().equals(account)
                              && s.getNamespace().equals(RenderedChart.NAMESPACE));
      if (toAccount) {
        chart.all(Role.class).stream()
            .filter(r -> r.getMetadata().getNamespace().equals(namespace))
            .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))
            .forEach(r -> rules.addAll(r.getRules()));
      }
    }
    return rules;
  }

  /** Whether a rule allows {@code call} on the object {@code name} (null: no name, or many). */
  static boolean allowed(List<PolicyRule> rules, ApiCall call, String name) {
    return rules.stream()
        .anyMatch(
            r ->
                matches(r.getApiGroups(), call.group())
                    && matches(r.getResources(), call.resource())
                    && matches(r.getVerbs(), call.verb())
                    && (r.getResourceNames() == null
                        || r.getResourceNames().isEmpty()
                        || (name != null && r.getResourceNames().contains(name))));
  }

  private static boolean matches(List<String> granted, String wanted) {
    return granted != null && (granted.contains("*") || granted.contains(wanted));
  }
}
