package dev.mcpspawner.operator.session;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.contracts.RunnerContract.Env;
import dev.mcpspawner.contracts.SessionDirPolicy;
import dev.mcpspawner.crds.AccessMode;
import dev.mcpspawner.crds.Credential;
import dev.mcpspawner.crds.Egress;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.SecretEnvSource;
import dev.mcpspawner.crds.Transport;
import dev.mcpspawner.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The session pod of DESIGN §4: Pod Security Standard {@code restricted}, read-only root with a
 * sized {@code /tmp}, no service account token, resource limits including ephemeral storage, and
 * the server's command rendered with the session's template variables.
 */
public final class SandboxPod {
  public static final String CONTAINER = "mcp";
  public static final String COMPONENT = "session";
  public static final long UID = 10001L;

  /**
   * HTTP path of the MCP endpoint, recorded on the pod so the endpoint can be reported from the pod
   * alone, even once its McpServer changed or went away.
   */
  public static final String ANNOTATION_MCP_PATH = McpSpawner.GROUP + "/mcp-path";

  static final String PORT_NAME = "mcp";
  static final String TMP_VOLUME = "tmp";
  static final String TOKEN_VOLUME = "runner-token";
  static final String HOME_VOLUME = "home";
  private static final int TOKEN_FILE_MODE = 0440;

  private SandboxPod() {}

  public static Pod of(SessionPlan plan) {
    McpServerSpec server = plan.server();
    String runtimeClass =
        server.getRuntimeClassName() != null
            ? server.getRuntimeClassName()
            : plan.config().defaultRuntimeClassName();
    SessionPodDefaults placement = plan.config().sessionPods();
    return new PodBuilder()
        .withNewMetadata()
        .withName(Names.podName(plan.sessionName()))
        .withNamespace(plan.namespace())
        .withLabels(labels(plan))
        .withAnnotations(
            Map.of(
                McpSpawner.ANNOTATION_USER,
                plan.session().getSpec().getUser(),
                ANNOTATION_MCP_PATH,
                mcpPath(plan)))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withHostNetwork(false)
        .withHostPID(false)
        .withHostIPC(false)
        .withRuntimeClassName(runtimeClass)
        .withPriorityClassName(placement.priorityClassName())
        .withNodeSelector(placement.nodeSelector().isEmpty() ? null : placement.nodeSelector())
        .withTolerations(placement.tolerations())
        .withImagePullSecrets(
            placement.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
        .withTerminationGracePeriodSeconds((long) plan.config().shutdownGraceSeconds() + 5)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(UID)
        .withRunAsGroup(UID)
        .withFsGroup(UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withAffinity(affinity(plan))
        .withContainers(container(plan))
        .withVolumes(volumes(plan))
        .endSpec()
        .build();
  }

  /** Where the gateway reaches the session's MCP endpoint, from the pod and its IP. */
  public static String endpoint(Pod pod, String podIp) {
    int port =
        pod.getSpec().getContainers().stream()
            .flatMap(c -> c.getPorts().stream())
            .filter(p -> PORT_NAME.equals(p.getName()))
            .map(p -> p.getContainerPort())
            .findFirst()
            .orElse(RunnerContract.PORT);
    var annotations = pod.getMetadata().getAnnotations();
    String path =
        annotations == null
            ? RunnerContract.MCP_PATH
            : annotations.getOrDefault(ANNOTATION_MCP_PATH, RunnerContract.MCP_PATH);
    String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
    return "http://" + host + ":" + port + path;
  }

  private static String mcpPath(SessionPlan plan) {
    String path = plan.server().getPath();
    return plan.transport() == Transport.STREAMABLE_HTTP && path != null
        ? path
        : RunnerContract.MCP_PATH;
  }

  static Map<String, String> labels(SessionPlan plan) {
    Map<String, String> labels = ManagedLabels.forUser(COMPONENT, plan);
    labels.put(McpSpawner.LABEL_SERVER, plan.session().getSpec().getServer());
    labels.put(McpSpawner.LABEL_INSTANCE, plan.instanceSlug());
    labels.put(McpSpawner.LABEL_SESSION, plan.sessionName());
    labels.put(
        McpSpawner.LABEL_EGRESS,
        Objects.requireNonNullElse(plan.server().getEgress(), Egress.NONE).label());
    labels.put(McpSpawner.LABEL_HOME, Boolean.toString(plan.home()));
    return labels;
  }

  private static Container container(SessionPlan plan) {
    McpServerSpec server = plan.server();
    boolean stdio = plan.transport() == Transport.STDIO;
    int port = stdio ? RunnerContract.PORT : server.getPort();
    var builder =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(server.getImage() != null ? server.getImage() : plan.config().runnerImage())
            .withImagePullPolicy(plan.config().sessionPods().imagePullPolicy())
            .addNewPort()
            .withName(PORT_NAME)
            .withContainerPort(port)
            .withProtocol("TCP")
            .endPort()
            .withEnv(stdio ? runnerEnv(plan) : serverEnv(plan))
            .withEnvFrom(envFrom(Objects.requireNonNullElse(server.getEnvFrom(), List.of())))
            .withResources(resources(plan))
            .withReadinessProbe(readiness(stdio, port))
            .withTerminationMessagePath(RunnerContract.TERMINATION_LOG)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withRunAsNonRoot(true)
            .withPrivileged(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .withVolumeMounts(mounts(plan));
    if (stdio) {
      // The image's entrypoint is the runner; its arguments are the stdio server's command.
      List<String> serverCommand = new ArrayList<>();
      serverCommand.add(server.getCommand());
      serverCommand.addAll(args(plan));
      builder.withArgs(serverCommand);
    } else {
      if (server.getCommand() != null) {
        builder.withCommand(server.getCommand());
      }
      builder.withArgs(args(plan));
      builder.withWorkingDir(plan.substitute(server.getWorkingDir()));
    }
    return builder.build();
  }

  /**
   * The runner's contract (RunnerContract.OPERATOR_ENV) followed by the server's own environment.
   */
  private static List<EnvVar> runnerEnv(SessionPlan plan) {
    McpServerSpec server = plan.server();
    List<EnvVar> env = new ArrayList<>();
    String workdir =
        server.getWorkingDir() != null
            ? plan.substitute(server.getWorkingDir())
            : plan.sessionDir();
    env.add(new EnvVar(Env.WORKDIR.name(), workdir, null));
    env.add(new EnvVar(Env.PORT.name(), Integer.toString(RunnerContract.PORT), null));
    env.add(
        new EnvVar(
            Env.TOKEN_FILE.name(),
            RunnerContract.TOKEN_DIR + "/" + RunnerContract.TOKEN_KEY,
            null));
    env.add(new EnvVar(Env.SESSION_ID.name(), plan.sessionName(), null));
    env.add(new EnvVar(Env.SESSION_DIR.name(), plan.sessionDir(), null));
    env.add(
        new EnvVar(
            Env.SESSION_DIR_POLICY.name(),
            Objects.requireNonNullElse(server.getSessionDirPolicy(), SessionDirPolicy.DELETE)
                .value(),
            null));
    env.add(
        new EnvVar(
            Env.SHUTDOWN_GRACE_SECONDS.name(),
            Integer.toString(plan.config().shutdownGraceSeconds()),
            null));
    env.add(new EnvVar(Env.TERMINATION_LOG.name(), RunnerContract.TERMINATION_LOG, null));
    env.addAll(serverEnv(plan));
    return env;
  }

  /**
   * HOME points at a writable directory (npx and uvx keep caches there), unless the server says.
   */
  private static List<EnvVar> serverEnv(SessionPlan plan) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", plan.userDir());
    Objects.requireNonNullElse(plan.server().getEnv(), Map.<String, String>of())
        .forEach((name, value) -> env.put(name, plan.substitute(value)));
    List<EnvVar> vars = new ArrayList<>();
    env.forEach((name, value) -> vars.add(new EnvVar(name, value, null)));
    vars.addAll(credentialEnv(plan));
    return vars;
  }

  /**
   * The user's own credentials the server declares, each by reference to the user's Secret of that
   * credential for this server: the pod spec names the Secret, never holds a value. A required one
   * is not optional, so a pod can never start without it (the gateway refuses such a session
   * first).
   */
  private static List<EnvVar> credentialEnv(SessionPlan plan) {
    String server = plan.session().getSpec().getServer();
    return Objects.requireNonNullElse(plan.server().getCredentials(), List.<Credential>of())
        .stream()
        .map(
            c ->
                new EnvVarBuilder()
                    .withName(c.getName())
                    .withNewValueFrom()
                    .withNewSecretKeyRef(
                        c.getName(),
                        Names.credentialSecretName(plan.userSlug(), server, c.getName()),
                        !c.isRequired())
                    .endValueFrom()
                    .build())
        .toList();
  }

  private static List<String> args(SessionPlan plan) {
    return Objects.requireNonNullElse(plan.server().getArgs(), List.<String>of()).stream()
        .map(plan::substitute)
        .toList();
  }

  private static List<EnvFromSource> envFrom(List<SecretEnvSource> sources) {
    return sources.stream()
        .map(
            s ->
                new EnvFromSourceBuilder()
                    .withPrefix(s.getPrefix())
                    .withNewSecretRef()
                    .withName(s.getSecretName())
                    .withOptional(false)
                    .endSecretRef()
                    .build())
        .toList();
  }

  /** The server's requests and limits, each missing one filled from the operator's defaults. */
  static ResourceRequirements resources(SessionPlan plan) {
    Map<String, Quantity> limits = new LinkedHashMap<>(plan.config().defaultLimits());
    ResourceRequirements own = plan.server().getResources();
    if (own != null && own.getLimits() != null) {
      limits.putAll(own.getLimits());
    }
    return new ResourceRequirementsBuilder()
        .withRequests(requests(plan.server(), plan.config()))
        .withLimits(limits)
        .build();
  }

  /**
   * What a session pod of {@code server} requests: the server's own requests, the operator's
   * defaults for the rest. The user quota counts these (the pod has this one container).
   */
  public static Map<String, Quantity> requests(McpServerSpec server, OperatorConfig config) {
    Map<String, Quantity> requests = new LinkedHashMap<>(config.defaultRequests());
    ResourceRequirements own = server == null ? null : server.getResources();
    if (own != null && own.getRequests() != null) {
      requests.putAll(own.getRequests());
    }
    return requests;
  }

  private static Probe readiness(boolean stdio, int port) {
    var probe = new ProbeBuilder();
    if (stdio) {
      probe
          .withNewHttpGet()
          .withPath(RunnerContract.READY_PATH)
          .withPort(new IntOrString(port))
          .withScheme("HTTP")
          .endHttpGet();
    } else {
      probe.withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket();
    }
    return probe
        .withInitialDelaySeconds(0)
        .withPeriodSeconds(1)
        .withTimeoutSeconds(1)
        .withSuccessThreshold(1)
        .withFailureThreshold(3)
        .build();
  }

  private static List<VolumeMount> mounts(SessionPlan plan) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount("/tmp", TMP_VOLUME, false));
    mounts.add(mount(RunnerContract.TOKEN_DIR, TOKEN_VOLUME, true));
    if (plan.home()) {
      mounts.add(mount(plan.userDir(), HOME_VOLUME, false));
    }
    return mounts;
  }

  private static VolumeMount mount(String path, String volume, boolean readOnly) {
    return new VolumeMountBuilder()
        .withMountPath(path)
        .withName(volume)
        .withReadOnly(readOnly)
        .build();
  }

  private static List<Volume> volumes(SessionPlan plan) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(TMP_VOLUME)
            .withNewEmptyDir()
            .withSizeLimit(new Quantity(plan.config().tmpSize()))
            .endEmptyDir()
            .build());
    volumes.add(
        new VolumeBuilder()
            .withName(TOKEN_VOLUME)
            .withNewSecret()
            .withSecretName(Names.runnerSecretName(plan.sessionName()))
            .withDefaultMode(TOKEN_FILE_MODE)
            .endSecret()
            .build());
    if (plan.home()) {
      volumes.add(
          new VolumeBuilder()
              .withName(HOME_VOLUME)
              .withNewPersistentVolumeClaim()
              .withClaimName(plan.homeClaimName())
              .withReadOnly(false)
              .endPersistentVolumeClaim()
              .build());
    }
    return volumes;
  }

  /** A ReadWriteOnce home can be attached on one node only: keep the user's home pods together. */
  private static Affinity affinity(SessionPlan plan) {
    if (!plan.home() || plan.homeAccessMode() != AccessMode.ReadWriteOnce) {
      return null;
    }
    return new AffinityBuilder()
        .withNewPodAffinity()
        .addNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector()
        .addToMatchLabels(McpSpawner.LABEL_USER, plan.userSlug())
        .addToMatchLabels(McpSpawner.LABEL_HOME, "true")
        .endLabelSelector()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endPodAffinity()
        .build();
  }
}
