package dev.mcpspawner.local.catalog;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example catalog ({@code examples/servers}, packed into this jar) made runnable offline: every
 * {@code npx -y <package>@<version> args…} entry runs the installed package's script with Node.js
 * instead, after {@link NpmPackages} installed the pinned versions once.
 */
public final class LocalCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCatalog.class);
  static final List<String> FILES = List.of("memory.yaml", "filesystem.yaml", "everything.yaml");

  private LocalCatalog() {}

  /** The example entries, as written (npx). */
  public static List<McpServer> examples() throws IOException {
    List<McpServer> servers = new ArrayList<>();
    for (String file : FILES) {
      try (InputStream in = LocalCatalog.class.getResourceAsStream("/catalog/" + file)) {
        if (in == null) {
          throw new IOException("catalog entry " + file + " is not on the class path");
        }
        String yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        for (String doc : yaml.split("(?m)^---\\s*$")) {
          if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
            servers.add(Serialization.unmarshal(doc, McpServer.class));
          }
        }
      }
    }
    return servers;
  }

  /** The packages (name to pinned version) the entries fetch with npx. */
  public static Map<String, String> pinnedPackages(List<McpServer> servers) {
    Map<String, String> pinned = new LinkedHashMap<>();
    for (McpServer s : servers) {
      NpxCall.of(s.getSpec()).ifPresent(call -> pinned.put(call.pkg(), call.version()));
    }
    return pinned;
  }

  /** Installs what the entries need and rewrites them to run it with Node.js, offline. */
  public static List<McpServer> offline(List<McpServer> servers, NpmPackages npm)
      throws IOException, InterruptedException {
    npm.ensureInstalled(pinnedPackages(servers));
    for (McpServer s : servers) {
      McpServerSpec spec = s.getSpec();
      var call = NpxCall.of(spec);
      if (call.isEmpty()) {
        continue;
      }
      String pkg = call.get().pkg();
      String installed = npm.installedVersion(pkg).orElse("?");
      if (call.get().version() != null && !call.get().version().equals(installed)) {
        LOG.warn(
            "{} pins {}@{}, installed is {}",
            s.getMetadata().getName(),
            pkg,
            call.get().version(),
            installed);
      }
      List<String> args = new ArrayList<>();
      args.add(npm.binScript(pkg).toString());
      args.addAll(call.get().rest());
      spec.setCommand(npm.node());
      spec.setArgs(args);
    }
    return servers;
  }

  /** {@code npx [-y] <package>[@version] rest…}. */
  record NpxCall(String pkg, String version, List<String> rest) {
    static java.util.Optional<NpxCall> of(McpServerSpec spec) {
      if (!"npx".equals(spec.getCommand())) {
        return java.util.Optional.empty();
      }
      List<String> args = new ArrayList<>(spec.getArgs());
      while (!args.isEmpty() && args.get(0).startsWith("-")) {
        args.remove(0);
      }
      if (args.isEmpty()) {
        return java.util.Optional.empty();
      }
      String spec0 = args.remove(0);
      int at = spec0.lastIndexOf('@');
      String pkg = at > 0 ? spec0.substring(0, at) : spec0;
      String version = at > 0 ? spec0.substring(at + 1) : null;
      return java.util.Optional.of(new NpxCall(pkg, version, List.copyOf(args)));
    }
  }
}
