package dev.mcpspawner.local.kubelet;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.crds.McpSpawner;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One session pod's container made into a local process description: its volumes as directories
 * (emptyDir under the pod's directory, Secrets written out as files, the home claim as the user's
 * directory under {@code homes/}), its environment resolved, and every in-container path in the
 * environment, arguments and working directory mapped onto those directories.
 */
final class LocalContainer {
  /** A Secret of the pod's namespace by name, waiting for it when the pod cannot do without. */
  @FunctionalInterface
  interface SecretLookup {
    Secret get(String name, boolean needed);
  }

  static final String RUNNER_BIND_ADDRESS = RunnerContract.Env.BIND_ADDRESS.name();
  static final String RUNNER_TERMINATION_LOG = RunnerContract.Env.TERMINATION_LOG.name();

  final List<String> command;
  final Map<String, String> env;
  final Path workdir;
  final Path terminationLog;
  final Path log;

  private LocalContainer(
      List<String> command, Map<String, String> env, Path workdir, Path terminationLog, Path log) {
    this.command = command;
    this.env = env;
    this.workdir = workdir;
    this.terminationLog = terminationLog;
    this.log = log;
  }

  /**
   * @param secrets looks a Secret of the pod's namespace up by name (null: not there yet); the flag
   *     says whether the pod needs it (wait for it) or may start without it (an optional key)
   */
  static LocalContainer prepare(
      Pod pod,
      Container container,
      String ip,
      Path podDir,
      Path homes,
      ContainerCommand image,
      Set<String> hostPaths,
      SecretLookup secrets)
      throws IOException {
    Map<String, Path> volumes = new LinkedHashMap<>();
    for (Volume v : pod.getSpec().getVolumes()) {
      volumes.put(v.getName(), volumeDir(pod, v, podDir, homes, secrets));
    }
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (VolumeMount m : container.getVolumeMounts()) {
      Path dir = volumes.get(m.getName());
      if (dir == null) {
        throw new IOException("volume mount " + m.getName() + " has no volume");
      }
      mounts.put(m.getMountPath(), m.getSubPath() == null ? dir : dir.resolve(m.getSubPath()));
    }
    Path terminationLog = podDir.resolve("termination-log");
    String inPodTerminationLog =
        container.getTerminationMessagePath() == null
            ? "/dev/termination-log"
            : container.getTerminationMessagePath();
    mounts.put(inPodTerminationLog, terminationLog);
    PathMapping paths = new PathMapping(mounts, hostPaths);

    Map<String, String> env = new LinkedHashMap<>();
    // What a container image brings: a PATH. Nothing else of this process's environment leaks in.
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.put("LANG", "C.UTF-8");
    for (EnvFromSource from : container.getEnvFrom()) {
      if (from.getSecretRef() != null) {
        Secret s = secrets.get(from.getSecretRef().getName(), true);
        if (s == null) {
          throw new IOException("secret " + from.getSecretRef().getName() + " not found");
        }
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        secretData(s).forEach((k, v) -> env.put(prefix + k, new String(v, StandardCharsets.UTF_8)));
      }
    }
    java.util.Set<String> fromSecrets = new java.util.HashSet<>();
    for (EnvVar e : container.getEnv()) {
      String value = value(pod, e, ip, secrets);
      if (value == null) {
        continue; // an optional key that is not there: no variable, as a kubelet does
      }
      env.put(e.getName(), value);
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        fromSecrets.add(e.getName());
      }
    }
    // Paths in the pod's own settings are mapped onto local directories; secret values are data.
    env.replaceAll((name, value) -> fromSecrets.contains(name) ? value : paths.translate(value));
    env.put(RUNNER_BIND_ADDRESS, ip);
    env.put(RUNNER_TERMINATION_LOG, terminationLog.toString());

    List<String> command = new ArrayList<>();
    if (container.getCommand() == null || container.getCommand().isEmpty()) {
      command.addAll(image.entrypoint());
    } else {
      container.getCommand().forEach(c -> command.add(paths.translate(c)));
    }
    container.getArgs().forEach(a -> command.add(paths.translate(a)));
    Path workdir =
        container.getWorkingDir() == null
            ? podDir
            : Path.of(paths.translate(container.getWorkingDir()));
    Files.createDirectories(workdir);
    return new LocalContainer(
        List.copyOf(command), env, workdir, terminationLog, podDir.resolve("container.log"));
  }

  private static Path volumeDir(Pod pod, Volume v, Path podDir, Path homes, SecretLookup secrets)
      throws IOException {
    if (v.getPersistentVolumeClaim() != null) {
      String user = pod.getMetadata().getLabels().get(McpSpawner.LABEL_USER);
      String name = user != null ? user : v.getPersistentVolumeClaim().getClaimName();
      return Files.createDirectories(homes.resolve(name));
    }
    Path dir = Files.createDirectories(podDir.resolve("volumes").resolve(v.getName()));
    if (v.getSecret() != null) {
      Secret s = secrets.get(v.getSecret().getSecretName(), true);
      if (s == null) {
        throw new IOException("secret " + v.getSecret().getSecretName() + " not found");
      }
      for (Map.Entry<String, byte[]> e : secretData(s).entrySet()) {
        Files.write(dir.resolve(e.getKey()), e.getValue());
      }
    }
    return dir;
  }

  private static String value(Pod pod, EnvVar e, String ip, SecretLookup secrets)
      throws IOException {
    if (e.getValueFrom() == null) {
      return e.getValue() == null ? "" : e.getValue();
    }
    var from = e.getValueFrom();
    if (from.getSecretKeyRef() != null) {
      boolean optional = Boolean.TRUE.equals(from.getSecretKeyRef().getOptional());
      Secret s = secrets.get(from.getSecretKeyRef().getName(), !optional);
      byte[] v = s == null ? null : secretData(s).get(from.getSecretKeyRef().getKey());
      if (v == null && optional) {
        return null;
      }
      if (v == null) {
        throw new IOException("secret key " + from.getSecretKeyRef().getKey() + " not found");
      }
      return new String(v, StandardCharsets.UTF_8);
    }
    if (from.getFieldRef() != null) {
      return switch (from.getFieldRef().getFieldPath()) {
        case "metadata.name" -> pod.getMetadata().getName();
        case "metadata.namespace" -> pod.getMetadata().getNamespace();
        case "status.podIP" -> ip;
        default -> "";
      };
    }
    return "";
  }

  private static Map<String, byte[]> secretData(Secret s) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (s.getData() != null) {
      s.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    if (s.getStringData() != null) {
      s.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return data;
  }
}
