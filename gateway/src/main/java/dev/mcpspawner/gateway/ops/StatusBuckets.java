package dev.mcpspawner.gateway.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Usage buckets kept in a custom resource's {@code status.usage} and added to by every gateway
 * replica under optimistic locking: read the buckets and the resourceVersion they were read at, add
 * this replica's counts, and write them with that resourceVersion as a precondition. A write made
 * against an older version is refused by the API (409); the buckets are then read again from the
 * API and the counts added again, so replicas add up and never overwrite each other. Shared by the
 * per-server ({@link ServerUsage}) and per-user ({@link UserUsage}) counts.
 */
public final class StatusBuckets {
  /** One bucket per 5 minutes. */
  public static final Duration BUCKET = Duration.ofMinutes(5);

  /** Buckets older than a day are dropped. */
  public static final Duration KEEP = Duration.ofHours(24);

  static final int ATTEMPTS = 3;

  private StatusBuckets() {}

  /** Where the buckets live (an object's status); a fake in tests. */
  public interface Store<B> {
    /**
     * The object's buckets and the version they were read at; null when there is no such object.
     *
     * @param fresh read from the API rather than the cache (after a conflict)
     */
    Current<B> read(String name, boolean fresh);

    /**
     * Writes the buckets if the object is still as {@code read}.
     *
     * @return false when it is not (someone wrote in between)
     */
    boolean write(String name, Current<B> read, List<B> buckets);
  }

  /**
   * The buckets as read, and the object's resourceVersion.
   *
   * @param hasStatus whether the object has a status at all (the operator may not have written one
   *     yet)
   */
  public record Current<B>(String version, List<B> buckets, boolean hasStatus) {
    public Current(String version, List<B> buckets) {
      this(version, buckets, true);
    }
  }

  /**
   * The objects' status: read from a cache (from the API after a conflict), written as a JSON Patch
   * that sets the resourceVersion the buckets were read at (a precondition) and replaces {@code
   * status.usage}: the API refuses it (409) if another replica wrote in between.
   *
   * @param cached the object from the gateway's cache, or null
   * @param usage the object's buckets, or null; only called when the object has a status
   * @param status the object's status, or null
   */
  public static <R extends HasMetadata, B> Store<B> inStatus(
      KubernetesClient client,
      String namespace,
      Class<R> type,
      Function<String, R> cached,
      Function<R, Object> status,
      Function<R, List<B>> usage) {
    ObjectMapper json = new ObjectMapper();
    return new Store<>() {
      @Override
      public Current<B> read(String name, boolean fresh) {
        R r =
            fresh
                ? client.resources(type).inNamespace(namespace).withName(name).get()
                : cached.apply(name);
        if (r == null) {
          return null;
        }
        boolean hasStatus = status.apply(r) != null;
        return new Current<>(
            r.getMetadata().getResourceVersion(), hasStatus ? usage.apply(r) : null, hasStatus);
      }

      @Override
      public boolean write(String name, Current<B> read, List<B> buckets) {
        ArrayNode patch = json.createArrayNode();
        // The resourceVersion in the patched object is a precondition: the API answers 409 if the
        // object has changed since (a JSON Patch "test" would fail as 422, the mock's as 500).
        patch
            .addObject()
            .put("op", "replace")
            .put("path", "/metadata/resourceVersion")
            .put("value", read.version());
        if (read.hasStatus()) {
          patch
              .addObject()
              .put("op", "add")
              .put("path", "/status/usage")
              .set("value", json.valueToTree(buckets));
        } else {
          ObjectNode op = patch.addObject().put("op", "add").put("path", "/status");
          op.putObject("value").set("usage", json.valueToTree(buckets));
        }
        try {
          client
              .resources(type)
              .inNamespace(namespace)
              .withName(name)
              .subresource("status")
              .patch(PatchContext.of(PatchType.JSON), patch.toString());
          return true;
        } catch (KubernetesClientException e) {
          // 409: written meanwhile; 404: the object is gone
          if (e.getCode() == 409) {
            return false;
          }
          if (e.getCode() == 404) {
            return true;
          }
          throw e;
        }
      }
    };
  }

  /**
   * Reads the object's buckets, merges this replica's counts into them and writes them, reading
   * again from the API when another replica wrote in between; at most {@link #ATTEMPTS} times.
   *
   * @param merge the stored buckets (null when none) to the buckets to write
   * @return true when written, not needed (nothing changed) or moot (the object is gone); false
   *     when every attempt met a conflict, so the counts should be kept for the next flush
   */
  public static <B> boolean addTo(Store<B> store, String name, UnaryOperator<List<B>> merge) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Current<B> current = store.read(name, attempt > 0);
      if (current == null) {
        return true; // the object is gone, and its usage with it
      }
      List<B> merged = merge.apply(current.buckets());
      if (merged.equals(Objects.requireNonNullElse(current.buckets(), List.of()))) {
        return true;
      }
      if (store.write(name, current, merged)) {
        return true;
      }
    }
    return false;
  }

  /** The start of the 5-minute bucket {@code at} falls in. */
  public static Instant bucketOf(Instant at) {
    long size = BUCKET.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
  }

  /** The oldest bucket start kept at {@code now}. */
  static Instant oldest(Instant now) {
    return bucketOf(now.minus(KEEP));
  }

  /** A stored bucket's start, or null when unreadable (such a bucket is dropped). */
  static Instant parse(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static long plus(Long a, long b) {
    return (a == null ? 0 : a) + b;
  }
}
