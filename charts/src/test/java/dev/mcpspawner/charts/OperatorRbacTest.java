package dev.mcpspawner.charts;

import static dev.mcpspawner.charts.Rbac.allowed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.charts.Rbac.ApiCall;
import dev.mcpspawner.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * templates/operator/rbac.yaml against what the operator really does: every API call its test suite
 * made (recorded by the operator's tests in ../operator/target/api-calls) must be allowed by the
 * Roles bound to its ServiceAccount, in the namespace where it makes that call.
 */
class OperatorRbacTest {
  static final Path API_CALLS = Path.of("../operator/target/api-calls");
  static final String SESSIONS = "mcp-sessions";

  /**
   * Calls every authenticated identity may make (the built-in system:basic-user ClusterRole): JOSDK
   * asks a SelfSubjectRulesReview whether it may use its Lease.
   */
  static final Set<String> ALLOWED_TO_EVERYONE =
      Set.of(
          "create authorization.k8s.io selfsubjectrulesreviews",
          "create authorization.k8s.io selfsubjectaccessreviews");

  @Test
  void everyApiCallTheOperatorMakesIsAllowed() throws IOException {
    List<ApiCall> calls = recordedCalls();
    // Non-default values put the sessions in their own namespace: each call must be allowed
    // where it is made, the Lease beside the operator, everything else with the sessions.
    RenderedChart chart = RenderedChart.withNonDefaultValues();
    List<String> denied = new ArrayList<>();
    for (ApiCall call : calls) {
      if (ALLOWED_TO_EVERYONE.contains(call.toString())) {
        continue;
      }
      boolean lease = call.resource().equals("leases");
      String namespace = lease ? RenderedChart.NAMESPACE : SESSIONS;
      // Recordings carry no object names; the only Lease the operator touches is its own.
      String name =
          call.name() != null
              ? call.name()
              : lease && !call.verb().equals("create") ? OperatorConfig.LEASE_NAME : null;
      if (!allowed(operatorRules(chart, namespace), call, name)) {
        denied.add(call + " (in " + namespace + ")");
      }
    }
    assertThat(denied)
        .as(
            "API calls the operator's tests made that the chart's operator Roles do not allow;"
                + " add them to charts/mcp-spawner/templates/operator/rbac.yaml")
        .isEmpty();
  }

  @Test
  void operatorCannotDeleteHomeVolumesNorReachBeyondItsNamespaces() {
    RenderedChart chart = RenderedChart.withNonDefaultValues();
    List<PolicyRule> sessions = operatorRules(chart, SESSIONS);
    for (String call :
        List.of(
            "delete core persistentvolumeclaims",
            "deletecollection core persistentvolumeclaims",
            "update core persistentvolumeclaims",
            "patch core persistentvolumeclaims",
            "create mcpspawner.dev mcpsessions",
            "update mcpspawner.dev mcpservers",
            "get core configmaps",
            "create rbac.authorization.k8s.io roles",
            "create core pods/exec")) {
      assertThat(allowed(sessions, ApiCall.parse(call), null)).as(call).isFalse();
    }
    assertThat(operatorRules(chart, "kube-system")).isEmpty();
    assertThat(operatorRules(chart, RenderedChart.NAMESPACE))
        .allSatisfy(r -> assertThat(r.getResources()).containsExactly("leases"));
  }

  @Test
  void operatorReadsUsersAndWritesOnlyTheirStatus() {
    List<PolicyRule> sessions = operatorRules(RenderedChart.withNonDefaultValues(), SESSIONS);
    for (String call :
        List.of(
            "get mcpspawner.dev mcpusers",
            "list mcpspawner.dev mcpusers",
            "watch mcpspawner.dev mcpusers",
            "patch mcpspawner.dev mcpusers/status",
            "delete mcpspawner.dev mcpsessions")) {
      assertThat(allowed(sessions, ApiCall.parse(call), null)).as(call).isTrue();
    }
    for (String call :
        List.of(
            "create mcpspawner.dev mcpusers",
            "patch mcpspawner.dev mcpusers",
            "update mcpspawner.dev mcpusers",
            "delete mcpspawner.dev mcpusers")) {
      assertThat(allowed(sessions, ApiCall.parse(call), null)).as(call).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"get", "update", "patch"})
  void leaderElectionTouchesOnlyTheOperatorsOwnLease(String verb) {
    List<PolicyRule> rules = operatorRules(RenderedChart.withDefaults(), RenderedChart.NAMESPACE);
    ApiCall call = new ApiCall(verb, "coordination.k8s.io", "leases", null);
    assertThat(allowed(rules, call, OperatorConfig.LEASE_NAME)).isTrue();
    assertThat(allowed(rules, call, "someone-elses-lease")).isFalse();
    assertThat(allowed(rules, new ApiCall("create", "coordination.k8s.io", "leases", null), null))
        .isTrue();
  }

  /** The calls recorded by the operator's test suite; fails when there are none to check. */
  static List<ApiCall> recordedCalls() throws IOException {
    return Rbac.recordedCalls(API_CALLS, "operator");
  }

  /** The rules of every Role in {@code namespace} bound to the operator's ServiceAccount. */
  static List<PolicyRule> operatorRules(RenderedChart chart, String namespace) {
    return Rbac.rulesOf(chart, OperatorTemplatesTest.operator(chart), namespace);
  }
}
