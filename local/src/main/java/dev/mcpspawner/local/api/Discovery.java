package dev.mcpspawner.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.testing.SelectingDispatcher;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * The CRUD mock with what kubectl needs first: the legacy discovery documents ({@code /version},
 * {@code /api}, {@code /apis} and the resource list of each group version it stores), and
 * server-side printing ({@code as=Table}) of custom resources with their CRD's printer columns.
 * kubectl falls back to these when no aggregated discovery (apidiscovery.k8s.io v2) is offered.
 */
final class Discovery extends SelectingDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final Map<String, String> documents = new LinkedHashMap<>();
  private final Map<String, CustomResourceDefinition> byListPath = new LinkedHashMap<>();

  Discovery(
      Map<ServerRequest, Queue<ServerResponse>> responses, List<CustomResourceDefinition> crds) {
    super(responses);
    documents.put(
        "/version",
        "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-mcp-spawner-local\","
            + "\"platform\":\"linux/amd64\"}");
    documents.put(
        "/api",
        "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}");
    ObjectNode core = resourceList("v1");
    for (String[] r :
        new String[][] {
          {"pods", "Pod", "true", "po"},
          {"secrets", "Secret", "true", null},
          {"persistentvolumeclaims", "PersistentVolumeClaim", "true", "pvc"},
          {"events", "Event", "true", "ev"},
          {"configmaps", "ConfigMap", "true", "cm"},
          {"namespaces", "Namespace", "false", "ns"}
        }) {
      add(core, r[0], r[1], Boolean.parseBoolean(r[2]), r[3]);
    }
    add(core, "pods/status", "Pod", true, null);
    documents.put("/api/v1", core.toString());

    Map<String, ObjectNode> groups = new LinkedHashMap<>();
    ObjectNode crdList = resourceList("apiextensions.k8s.io/v1");
    add(crdList, "customresourcedefinitions", "CustomResourceDefinition", false, "crd");
    groups.put("apiextensions.k8s.io/v1", crdList);
    ObjectNode leases = resourceList("coordination.k8s.io/v1");
    add(leases, "leases", "Lease", true, null);
    groups.put("coordination.k8s.io/v1", leases);
    // The session pods' usage, which local mode's kubelet samples from their processes.
    ObjectNode podMetrics = resourceList("metrics.k8s.io/v1beta1");
    add(podMetrics, "pods", "PodMetrics", true, null);
    groups.put("metrics.k8s.io/v1beta1", podMetrics);
    for (CustomResourceDefinition crd : crds) {
      var spec = crd.getSpec();
      for (CustomResourceDefinitionVersion v : spec.getVersions()) {
        String gv = spec.getGroup() + "/" + v.getName();
        ObjectNode list = groups.computeIfAbsent(gv, Discovery::resourceList);
        boolean namespaced = "Namespaced".equals(spec.getScope());
        ObjectNode r =
            add(list, spec.getNames().getPlural(), spec.getNames().getKind(), namespaced, null);
        r.put("singularName", spec.getNames().getSingular());
        ArrayNode shortNames = r.putArray("shortNames");
        if (spec.getNames().getShortNames() != null) {
          spec.getNames().getShortNames().forEach(shortNames::add);
        }
        if (v.getSubresources() != null && v.getSubresources().getStatus() != null) {
          add(
              list,
              spec.getNames().getPlural() + "/status",
              spec.getNames().getKind(),
              namespaced,
              null);
        }
        byListPath.put("/apis/" + gv + "/" + spec.getNames().getPlural(), crd);
      }
    }
    ObjectNode groupList =
        JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode all = groupList.putArray("groups");
    Map<String, ArrayNode> versions = new LinkedHashMap<>();
    groups.forEach(
        (gv, list) -> {
          documents.put("/apis/" + gv, list.toString());
          String group = gv.substring(0, gv.indexOf('/'));
          String version = gv.substring(gv.indexOf('/') + 1);
          ArrayNode vs =
              versions.computeIfAbsent(
                  group,
                  g -> {
                    ObjectNode entry = all.addObject().put("name", g);
                    entry
                        .putObject("preferredVersion")
                        .put("groupVersion", gv)
                        .put("version", version);
                    return entry.putArray("versions");
                  });
          vs.addObject().put("groupVersion", gv).put("version", version);
        });
    documents.put("/apis", groupList.toString());
  }

  private static ObjectNode resourceList(String groupVersion) {
    ObjectNode list =
        JSON.createObjectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", groupVersion);
    list.putArray("resources");
    return list;
  }

  private static ObjectNode add(
      ObjectNode list, String name, String kind, boolean namespaced, String shortName) {
    ObjectNode r = ((ArrayNode) list.get("resources")).addObject();
    r.put("name", name).put("singularName", "").put("namespaced", namespaced).put("kind", kind);
    ArrayNode verbs = r.putArray("verbs");
    (name.contains("/") ? List.of("get", "patch", "update") : VERBS).forEach(verbs::add);
    if (shortName != null) {
      r.putArray("shortNames").add(shortName);
    }
    return r;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    if ("GET".equals(request.getMethod())) {
      String doc = documents.get(bare);
      if (doc != null) {
        return json(200, doc);
      }
      String accept = request.getHeader("Accept");
      boolean watch = query >= 0 && path.substring(query).contains("watch=");
      if (!watch && accept != null && accept.contains("as=Table")) {
        CustomResourceDefinition crd = crdOfList(bare);
        if (crd != null) {
          MockResponse list = super.dispatch(request);
          return asTable(list, crd);
        }
        if (bare.equals("/api/v1/pods") || bare.matches("/api/v1/namespaces/[^/]+/pods")) {
          return podTable(super.dispatch(request));
        }
      }
    }
    return super.dispatch(request);
  }

  /** The CRD whose list (all namespaces or one) {@code path} is. */
  private CustomResourceDefinition crdOfList(String path) {
    for (Map.Entry<String, CustomResourceDefinition> e : byListPath.entrySet()) {
      String listPath = e.getKey();
      String plural = listPath.substring(listPath.lastIndexOf('/') + 1);
      String gvPrefix = listPath.substring(0, listPath.lastIndexOf('/'));
      if (path.equals(listPath)
          || (path.startsWith(gvPrefix + "/namespaces/") && path.endsWith("/" + plural))) {
        return e.getValue();
      }
    }
    return null;
  }

  private static MockResponse asTable(MockResponse list, CustomResourceDefinition crd) {
    try {
      JsonNode body = JSON.readTree(list.getBody().readUtf8());
      if (!body.has("items")) {
        return list;
      }
      List<CustomResourceColumnDefinition> columns =
          crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
      ObjectNode table =
          JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
      table
          .putObject("metadata")
          .put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
      ArrayNode defs = table.putArray("columnDefinitions");
      defs.addObject()
          .put("name", "Name")
          .put("type", "string")
          .put("format", "name")
          .put("priority", 0);
      for (CustomResourceColumnDefinition c : columns) {
        defs.addObject()
            .put("name", c.getName())
            .put("type", "date".equals(c.getType()) ? "string" : c.getType())
            .put("priority", c.getPriority() == null ? 0 : c.getPriority());
      }
      ArrayNode rows = table.putArray("rows");
      for (JsonNode item : body.get("items")) {
        ArrayNode cells = rows.addObject().putArray("cells");
        cells.add(item.path("metadata").path("name").asText());
        for (CustomResourceColumnDefinition c : columns) {
          JsonNode value = at(item, c.getJsonPath());
          if (value == null || value.isMissingNode() || value.isNull()) {
            cells.add("");
          } else if ("date".equals(c.getType())) {
            cells.add(age(value.asText()));
          } else {
            cells.add(value);
          }
        }
        ObjectNode partial = ((ObjectNode) rows.get(rows.size() - 1)).putObject("object");
        partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", item.path("metadata"));
      }
      return json(200, table.toString());
    } catch (Exception e) {
      return list;
    }
  }

  /** Pods as kubectl prints them: NAME, READY, STATUS, IP, AGE (phase or the container's state). */
  private static MockResponse podTable(MockResponse list) {
    try {
      JsonNode body = JSON.readTree(list.getBody().readUtf8());
      if (!body.has("items")) {
        return list;
      }
      ObjectNode table =
          JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
      table.putObject("metadata");
      ArrayNode defs = table.putArray("columnDefinitions");
      for (String c : List.of("Name", "Ready", "Status", "IP", "Age")) {
        defs.addObject().put("name", c).put("type", "string").put("priority", 0);
      }
      ArrayNode rows = table.putArray("rows");
      for (JsonNode pod : body.get("items")) {
        JsonNode status = pod.path("status");
        JsonNode container = status.path("containerStatuses").path(0);
        JsonNode terminated = container.path("state").path("terminated");
        String phase = status.path("phase").asText("Pending");
        String shown = terminated.isMissingNode() ? phase : terminated.path("reason").asText(phase);
        ObjectNode row = rows.addObject();
        row.putArray("cells")
            .add(pod.path("metadata").path("name").asText())
            .add(container.path("ready").asBoolean(false) ? "1/1" : "0/1")
            .add(shown)
            .add(status.path("podIP").asText("<none>"))
            .add(age(pod.path("metadata").path("creationTimestamp").asText("")));
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", pod.path("metadata"));
      }
      return json(200, table.toString());
    } catch (Exception e) {
      return list;
    }
  }

  /** {@code .a.b.c} and {@code .list[?(@.key=="value")].field}: what printer columns use. */
  private static JsonNode at(JsonNode node, String jsonPath) {
    JsonNode n = node;
    for (String part : jsonPath.replaceFirst("^\\.", "").split("\\.(?![^\\[]*\\])")) {
      if (part.isEmpty()) {
        continue;
      }
      var filter =
          java.util.regex.Pattern.compile("^(\\w+)\\[\\?\\(@\\.(\\w+)==\"([^\"]*)\"\\)\\]$")
              .matcher(part);
      if (filter.matches()) {
        JsonNode match = null;
        for (JsonNode element : n.path(filter.group(1))) {
          if (filter.group(3).equals(element.path(filter.group(2)).asText())) {
            match = element;
            break;
          }
        }
        if (match == null) {
          return null;
        }
        n = match;
      } else {
        n = n.path(part);
      }
    }
    return n;
  }

  private static String age(String timestamp) {
    try {
      Duration d = Duration.between(Instant.parse(timestamp), Instant.now());
      if (d.toDays() > 0) {
        return d.toDays() + "d";
      }
      if (d.toHours() > 0) {
        return d.toHours() + "h";
      }
      if (d.toMinutes() > 0) {
        return d.toMinutes() + "m";
      }
      return Math.max(0, d.toSeconds()) + "s";
    } catch (RuntimeException e) {
      return timestamp;
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .addHeader("Content-Type: application/json")
        .setBody(body);
  }
}
