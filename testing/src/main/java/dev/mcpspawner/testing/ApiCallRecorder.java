package dev.mcpspawner.testing;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Records every API call a client makes as {@code <verb> <group|core> <resource>[/<subresource>]}
 * with RBAC verbs, so the chart's RBAC tests can check the Roles cover them. For the resources
 * named at construction a call on one object also records its name ({@code get core secrets
 * mcp-spawner-runner-key}), for Roles that allow them only by {@code resourceNames}.
 */
public final class ApiCallRecorder implements Interceptor {
  public static final Path DIRECTORY = Path.of("target", "api-calls");
  private final SortedSet<String> calls = new ConcurrentSkipListSet<>();
  private final Set<String> named;

  /** Records calls without object names. */
  public ApiCallRecorder() {
    this(Set.of());
  }

  /** Records calls, with the object's name for calls on one of these resources. */
  public ApiCallRecorder(Set<String> namedResources) {
    this.named = Set.copyOf(namedResources);
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String call = describe(request.method(), request.uri(), named);
    if (call != null) {
      calls.add(call);
    }
  }

  public Set<String> calls() {
    return Set.copyOf(calls);
  }

  /** Writes the calls to {@code target/api-calls/<test class>.txt}, sorted and unique. */
  public void writeFor(Class<?> testClass) {
    writeAs(testClass.getSimpleName());
  }

  /** Writes the calls to {@code target/api-calls/<name>.txt}, sorted and unique. */
  public void writeAs(String name) {
    try {
      Files.createDirectories(DIRECTORY);
      Files.write(DIRECTORY.resolve(name + ".txt"), List.copyOf(calls));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String describe(String method, URI uri, Set<String> named) {
    List<String> parts = new ArrayList<>();
    for (String p : uri.getPath().split("/")) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    String group;
    List<String> rest;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "core";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return null; // discovery, version: not resources
    }
    if (rest.isEmpty()) {
      return null;
    }
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : null;
    String sub = rest.size() > 2 ? rest.get(2) : null;
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String verb =
        switch (method) {
          case "GET" -> query.contains("watch=true") ? "watch" : name == null ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name == null ? "deletecollection" : "delete";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    String call = verb + " " + group + " " + resource + (sub == null ? "" : "/" + sub);
    return name != null && named.contains(resource) ? call + " " + name : call;
  }
}
