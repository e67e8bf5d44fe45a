package dev.mcpspawner.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The chart as `helm template` renders it, parsed into fabric8 objects. */
record RenderedChart(String yaml, List<HasMetadata> objects) {
  static final Path CHART = Path.of("mcp-spawner");
  static final String RELEASE = "mcp";
  static final String NAMESPACE = "mcp-system";

  /** helm's offline default is 1.20; the chart needs 1.30 (the preStop sleep action). */
  static final String KUBE_VERSION = "v1.31.0";

  /** Values that change every knob a real installation would: see the file's comments. */
  static final Path NON_DEFAULT_VALUES = Path.of("src/test/resources/values-non-default.yaml");

  /** The production example shipped in examples/. */
  static final Path PRODUCTION_VALUES = Path.of("../examples/values-production.yaml");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final Map<String, RenderedChart> CACHE = new ConcurrentHashMap<>();

  /** The chart rendered with its default values (cached: helm runs once per values file). */
  static RenderedChart withDefaults() {
    return CACHE.computeIfAbsent("default", k -> render(null));
  }

  /** The chart rendered with {@link #NON_DEFAULT_VALUES}. */
  static RenderedChart withNonDefaultValues() {
    return CACHE.computeIfAbsent("non-default", k -> render(NON_DEFAULT_VALUES));
  }

  /** The chart rendered with {@link #PRODUCTION_VALUES}. */
  static RenderedChart withProductionValues() {
    return CACHE.computeIfAbsent("production", k -> render(PRODUCTION_VALUES));
  }

  /** {@code helm template} of the chart as the release, namespace and Kubernetes version here. */
  private static TemplateCommand template() {
    return new Helm(CHART)
        .template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
  }

  /** The chart rendered with default values and {@code --set} for each entry of {@code sets}. */
  static RenderedChart renderWith(Map<String, Object> sets) {
    TemplateCommand command = template();
    for (var set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return parse(command.call());
  }

  /** Renders and keeps a copy in target/rendered/ to read when a test fails. */
  static RenderedChart render(Path valuesFile) {
    TemplateCommand command = template();
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile.toAbsolutePath());
    }
    String yaml = command.call();
    try {
      Path copy =
          Path.of("target/rendered")
              .resolve(valuesFile == null ? "default.yaml" : valuesFile.getFileName().toString());
      Files.createDirectories(copy.getParent());
      Files.writeString(copy, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(yaml);
  }

  static RenderedChart parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      KubernetesResource parsed = SERIALIZATION.unmarshal(document);
      if (!(parsed instanceof HasMetadata object)) {
        throw new AssertionError("not a Kubernetes object:\n" + document);
      }
      objects.add(object);
    }
    return new RenderedChart(yaml, List.copyOf(objects));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of this type whose name ends with {@code suffix} (names carry the release). */
  <T extends HasMetadata> T one(Class<T> type, String suffix) {
    List<T> found =
        all(type).stream().filter(o -> o.getMetadata().getName().endsWith(suffix)).toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + type.getSimpleName() + " named *" + suffix + ", found " + found);
    }
    return found.get(0);
  }
}
