package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.crds.Egress;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.operator.session.SandboxPod;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * templates/networkpolicies: what a session pod, labelled as the operator labels it, may send and
 * receive once every policy that selects it is added up (policies are a union).
 */
class NetworkPolicyTemplatesTest {
  static final String METADATA_IP = "169.254.169.254";

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of("default values", RenderedChart.withDefaults(), RenderedChart.NAMESPACE),
        Arguments.of("non-default values", RenderedChart.withNonDefaultValues(), "mcp-sessions"),
        Arguments.of("production values", RenderedChart.withProductionValues(), "mcp-sessions"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void sessionPodsAcceptOnlyTheGatewayOnTheRunnerPort(
      String name, RenderedChart chart, String sessions) {
    Map<String, String> gatewayPod =
        chart.one(Deployment.class, "-gateway").getSpec().getTemplate().getMetadata().getLabels();
    for (Egress egress : Egress.values()) {
      List<NetworkPolicy> policies = selecting(chart, sessions, sessionPod(egress));
      assertThat(policies)
          .anySatisfy(p -> assertThat(p.getSpec().getPolicyTypes()).contains("Ingress"));
      List<NetworkPolicyIngressRule> ingress =
          policies.stream().flatMap(p -> p.getSpec().getIngress().stream()).toList();
      assertThat(ingress)
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.getFrom())
                    .singleElement()
                    .satisfies(
                        peer -> {
                          assertThat(peer.getNamespaceSelector().getMatchLabels())
                              .containsExactly(
                                  Map.entry(
                                      "kubernetes.io/metadata.name", RenderedChart.NAMESPACE));
                          assertThat(matches(peer.getPodSelector(), gatewayPod)).isTrue();
                        });
                assertThat(rule.getPorts())
                    .extracting(p -> p.getPort().getIntVal())
                    .contains(RunnerContract.PORT);
              });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void egressNoneReachesDnsOnly(String name, RenderedChart chart, String sessions) {
    List<NetworkPolicyEgressRule> egress = egress(chart, sessions, Egress.NONE);
    assertThat(egress)
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getPorts())
                  .extracting(NetworkPolicyPort::getPort)
                  .allSatisfy(p -> assertThat(p.getIntVal()).isEqualTo(53));
              assertThat(rule.getTo()).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNull());
              assertThat(rule.getTo()).isNotEmpty();
            });
    // A pod whose egress label is missing is held to the same.
    Map<String, String> unlabelled = sessionPod(Egress.NONE);
    unlabelled.remove(McpSpawner.LABEL_EGRESS);
    assertThat(
            selecting(chart, sessions, unlabelled).stream()
                .flatMap(p -> p.getSpec().getEgress().stream()))
        .containsExactlyElementsOf(egress);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void egressInternetExcludesPrivateRangesAndLinkLocal(
      String name, RenderedChart chart, String sessions) {
    List<IPBlock> blocks =
        egress(chart, sessions, Egress.INTERNET).stream()
            .flatMap(r -> r.getTo().stream())
            .map(NetworkPolicyPeer::getIpBlock)
            .filter(Objects::nonNull)
            .filter(b -> b.getCidr().equals("0.0.0.0/0"))
            .toList();
    assertThat(blocks)
        .singleElement()
        .satisfies(
            block -> {
              for (String ip :
                  List.of("10.1.2.3", "172.20.0.1", "192.168.1.1", METADATA_IP, "169.254.20.10")) {
                assertThat(block.getExcept())
                    .as(ip)
                    .anySatisfy(cidr -> assertThat(contains(cidr, ip)).isTrue());
              }
              assertThat(block.getExcept()).contains(METADATA_IP + "/32");
              assertThat(block.getExcept())
                  .noneSatisfy(cidr -> assertThat(contains(cidr, "1.1.1.1")).isTrue());
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void egressClusterStaysInsideTheCluster(String name, RenderedChart chart, String sessions) {
    List<NetworkPolicyPeer> peers =
        egress(chart, sessions, Egress.CLUSTER).stream().flatMap(r -> r.getTo().stream()).toList();
    assertThat(peers).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNull());
    assertThat(peers)
        .anySatisfy(
            peer -> {
              assertThat(peer.getNamespaceSelector()).isNotNull();
              assertThat(peer.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void noPolicyOpensTheCloudMetadataService(String name, RenderedChart chart, String sessions) {
    List<IPBlock> blocks =
        chart.all(NetworkPolicy.class).stream()
            .flatMap(p -> p.getSpec().getEgress().stream())
            .flatMap(r -> r.getTo() == null ? Stream.empty() : r.getTo().stream())
            .map(NetworkPolicyPeer::getIpBlock)
            .filter(Objects::nonNull)
            .toList();
    assertThat(blocks).isNotEmpty();
    for (IPBlock block : blocks) {
      for (String ip : List.of(METADATA_IP, "fd00:ec2::254")) {
        if (contains(block.getCidr(), ip)) {
          assertThat(block.getExcept())
              .as("%s in %s", ip, block.getCidr())
              .anySatisfy(cidr -> assertThat(contains(cidr, ip)).isTrue());
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void gatewayMayReachSessionPodsAndTheApiServer(
      String name, RenderedChart chart, String sessions) {
    NetworkPolicy gateway = chart.one(NetworkPolicy.class, "-gateway");
    List<NetworkPolicyEgressRule> toSessions =
        gateway.getSpec().getEgress().stream()
            .filter(
                r ->
                    r.getTo() != null
                        && r.getTo().stream()
                            .anyMatch(
                                peer ->
                                    peer.getNamespaceSelector() != null
                                        && sessions.equals(
                                            peer.getNamespaceSelector()
                                                .getMatchLabels()
                                                .get("kubernetes.io/metadata.name"))
                                        && matches(peer.getPodSelector(), sessionPod(Egress.NONE))))
            .toList();
    assertThat(toSessions)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getPorts())
                    .extracting(p -> p.getPort().getIntVal())
                    .contains(RunnerContract.PORT));
    for (String component : List.of("-gateway", "-operator")) {
      NetworkPolicy policy = chart.one(NetworkPolicy.class, component);
      assertThat(policy.getSpec().getEgress())
          .as(component)
          .anySatisfy(
              r ->
                  assertThat(r.getPorts())
                      .isNotNull()
                      .extracting(p -> p.getPort().getIntVal())
                      .contains(443));
      Map<String, String> pod =
          chart.one(Deployment.class, component).getSpec().getTemplate().getMetadata().getLabels();
      assertThat(matches(policy.getSpec().getPodSelector(), pod)).as(component).isTrue();
    }
  }

  /** A legacy message may reach any replica; it is handed to the one holding the stream. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void gatewayReplicasMayReachEachOther(String name, RenderedChart chart, String sessions) {
    Deployment deployment = chart.one(Deployment.class, "-gateway");
    Map<String, String> pod = deployment.getSpec().getTemplate().getMetadata().getLabels();
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    int port =
        Integer.parseInt(
            container.getEnv().stream()
                .filter(e -> e.getName().equals("MCP_SPAWNER_GATEWAY_PORT"))
                .findFirst()
                .orElseThrow()
                .getValue());
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("MCP_SPAWNER_POD_IP");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
            });
    NetworkPolicy gateway = chart.one(NetworkPolicy.class, "-gateway");
    assertThat(gateway.getSpec().getIngress())
        .anySatisfy(r -> assertSamePodsOnPort(r.getPorts(), r.getFrom(), port, pod));
    assertThat(gateway.getSpec().getEgress())
        .anySatisfy(r -> assertSamePodsOnPort(r.getPorts(), r.getTo(), port, pod));
  }

  /** A rule for {@code port} whose peers include pods like {@code pod} in the same namespace. */
  private static void assertSamePodsOnPort(
      List<NetworkPolicyPort> ports,
      List<NetworkPolicyPeer> peers,
      int port,
      Map<String, String> pod) {
    assertThat(ports).extracting(p -> p.getPort().getIntVal()).contains(port);
    assertThat(peers)
        .anySatisfy(
            peer -> {
              assertThat(peer.getNamespaceSelector()).isNull();
              assertThat(matches(peer.getPodSelector(), pod)).isTrue();
            });
  }

  static Map<String, String> sessionPod(Egress egress) {
    return new java.util.HashMap<>(
        Map.of(
            McpSpawner.LABEL_COMPONENT,
            SandboxPod.COMPONENT,
            McpSpawner.LABEL_MANAGED_BY,
            McpSpawner.MANAGED_BY,
            McpSpawner.LABEL_EGRESS,
            egress.label(),
            McpSpawner.LABEL_USER,
            "alice",
            McpSpawner.LABEL_SERVER,
            "memory"));
  }

  /** Every NetworkPolicy of {@code namespace} that selects a pod with {@code labels}. */
  static List<NetworkPolicy> selecting(
      RenderedChart chart, String namespace, Map<String, String> labels) {
    return chart.all(NetworkPolicy.class).stream()
        .filter(p -> p.getMetadata().getNamespace().equals(namespace))
        .filter(p -> matches(p.getSpec().getPodSelector(), labels))
        .toList();
  }

  static List<NetworkPolicyEgressRule> egress(
      RenderedChart chart, String namespace, Egress egress) {
    List<NetworkPolicy> policies = selecting(chart, namespace, sessionPod(egress));
    assertThat(policies)
        .anySatisfy(p -> assertThat(p.getSpec().getPolicyTypes()).contains("Egress"));
    return policies.stream().flatMap(p -> p.getSpec().getEgress().stream()).toList();
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    assertThat(selector.getMatchExpressions()).as("set-based selectors").isNullOrEmpty();
    Map<String, String> required =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    return required.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  static boolean contains(String cidr, String ip) {
    try {
      String[] parts = cidr.split("/");
      byte[] network = InetAddress.getByName(parts[0]).getAddress();
      byte[] address = InetAddress.getByName(ip).getAddress();
      if (network.length != address.length) {
        return false;
      }
      int hostBits = network.length * 8 - Integer.parseInt(parts[1]);
      return new BigInteger(1, network)
          .shiftRight(hostBits)
          .equals(new BigInteger(1, address).shiftRight(hostBits));
    } catch (UnknownHostException e) {
      throw new AssertionError(cidr + " or " + ip + " is not an address", e);
    }
  }
}
