package dev.mcpspawner.operator.events;

import dev.mcpspawner.operator.Timestamps;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that writes core/v1 Events about mcp-spawner objects. Never fails a reconcile. */
public record EventRecorder(KubernetesClient client, Clock clock, String host) {
  public static final String COMPONENT = "mcp-spawner-operator";
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;
  // Event names are DNS subdomains (≤ 253); an McpServer's name may already be that long.
  private static final int MAX_NAME_PREFIX = 200;

  public void record(HasMetadata about, EventReason reason, String message) {
    var meta = about.getMetadata();
    String now = Timestamps.format(clock.instant());
    String text =
        message == null
            ? reason.name()
            : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                (meta.getName().length() > MAX_NAME_PREFIX
                        ? meta.getName().substring(0, MAX_NAME_PREFIX)
                        : meta.getName())
                    + "."
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
            .withNamespace(meta.getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(about.getApiVersion())
                    .withKind(about.getKind())
                    .withName(meta.getName())
                    .withNamespace(meta.getNamespace())
                    .withUid(meta.getUid())
                    .withResourceVersion(meta.getResourceVersion())
                    .build())
            .withReason(reason.name())
            .withMessage(text)
            .withType(reason.type())
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource()
            .withComponent(COMPONENT)
            .withHost(host)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(host)
            .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      log.warn("could not record event {}: {}", reason, e.getMessage());
    }
  }
}
