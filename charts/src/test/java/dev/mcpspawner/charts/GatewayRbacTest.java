package dev.mcpspawner.charts;

import static dev.mcpspawner.charts.Rbac.allowed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.charts.Rbac.ApiCall;
import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * templates/gateway/rbac.yaml against what the gateway really does: every API call its test suite
 * made (recorded by the gateway's tests in ../gateway/target/api-calls, Secrets with their names)
 * must be allowed by the Roles bound to its ServiceAccount in the sessions namespace, and the Role
 * must not let it read a Secret other than the runner key.
 */
class GatewayRbacTest {
  static final Path API_CALLS = Path.of("../gateway/target/api-calls");
  static final String SESSIONS = "mcp-sessions";

  @Test
  void everyApiCallTheGatewayMakesIsAllowed() throws IOException {
    List<ApiCall> calls = Rbac.recordedCalls(API_CALLS, "gateway");
    RenderedChart chart = RenderedChart.withNonDefaultValues();
    List<PolicyRule> rules = gatewayRules(chart);
    // The operator's leader Lease is beside the operator, in the release namespace.
    List<PolicyRule> releaseRules = gatewayRules(chart, RenderedChart.NAMESPACE);
    List<String> denied = new ArrayList<>();
    for (ApiCall call : calls) {
      boolean lease = call.resource().equals("leases");
      if (!allowed(lease ? releaseRules : rules, call.withoutName(), call.name())) {
        denied.add(call + (lease ? " (in " + RenderedChart.NAMESPACE + ")" : ""));
      }
    }
    assertThat(calls)
        .as("the admin overview's read of the operator's Lease is among the recorded calls")
        .contains(new ApiCall("get", "coordination.k8s.io", "leases", OperatorConfig.LEASE_NAME));
    assertThat(
            allowed(
                releaseRules, new ApiCall("get", "coordination.k8s.io", "leases", null), "other"))
        .as("another Lease")
        .isFalse();
    assertThat(denied)
        .as(
            "API calls the gateway's tests made that the chart's gateway Role does not allow;"
                + " add them to charts/mcp-spawner/templates/gateway/rbac.yaml")
        .isEmpty();
  }

  @Test
  void theGatewayReadsNoSecretButTheRunnerKey() throws IOException {
    assertThat(Rbac.recordedCalls(API_CALLS, "gateway"))
        .filteredOn(c -> c.resource().equals("secrets"))
        .filteredOn(c -> List.of("get", "list", "watch").contains(c.verb()))
        .as("Secrets the gateway's tests read")
        .allSatisfy(c -> assertThat(c.name()).isEqualTo(RunnerContract.KEY_SECRET));
    List<PolicyRule> rules = gatewayRules(RenderedChart.withNonDefaultValues());
    for (String verb : List.of("get", "list", "watch", "patch")) {
      ApiCall call = new ApiCall(verb, "", "secrets", null);
      assertThat(allowed(rules, call, "mcp-abc-runner")).as(verb + " a runner token").isFalse();
      assertThat(allowed(rules, call, "cred-github.bob.github-token")).as(verb).isFalse();
      assertThat(allowed(rules, call, null)).as(verb + " any Secret").isFalse();
    }
    assertThat(allowed(rules, new ApiCall("get", "", "secrets", null), RunnerContract.KEY_SECRET))
        .isTrue();
    for (String verb : List.of("create", "update", "delete")) {
      assertThat(allowed(rules, new ApiCall(verb, "", "secrets", null), null)).as(verb).isTrue();
    }
  }

  @Test
  void builtinSignInNeedsTheSessionsInANamespaceOfTheirOwn() {
    Map<String, Object> builtin =
        Map.of("gateway.publicUrl", "https://mcp.example.com", "gateway.auth.mode", "builtin");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RenderedChart.renderWith(builtin))
        .hasMessageContaining("sessions.namespace");
    Map<String, Object> apart = new java.util.HashMap<>(builtin);
    apart.put("sessions.namespace", SESSIONS);
    RenderedChart chart = RenderedChart.renderWith(apart);
    // The sign-in state's Role is in the release namespace only; none reaches the sessions.
    assertThat(gatewayRules(chart))
        .noneMatch(
            r ->
                r.getResources().contains("secrets")
                    && (r.getResourceNames() == null || r.getResourceNames().isEmpty())
                    && r.getVerbs().contains("list"));
  }

  static List<PolicyRule> gatewayRules(RenderedChart chart) {
    return gatewayRules(chart, SESSIONS);
  }

  static List<PolicyRule> gatewayRules(RenderedChart chart, String namespace) {
    return Rbac.rulesOf(chart, GatewayTemplatesTest.gateway(chart), namespace);
  }
}
