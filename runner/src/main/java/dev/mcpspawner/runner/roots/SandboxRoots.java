package dev.mcpspawner.runner.roots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.runner.relay.Relay;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The directories a client may offer this session's server as roots: the sandbox's own. A server
 * like server-filesystem replaces its allowed directories with the roots it is given, so a root
 * outside the sandbox (a parent, the directory of every user's home) is dropped before the server
 * sees it; a root inside narrows the sandbox, which is the client's right.
 */
public final class SandboxRoots implements Relay.ClientAnswerFilter {
  private static final System.Logger LOG = System.getLogger(SandboxRoots.class.getName());

  private final List<Path> dirs;

  /**
   * @param dirs the session's own directories (its session directory, working directory and the
   *     directories its command was given); those that do not exist are ignored
   */
  public SandboxRoots(List<Path> dirs) {
    this.dirs = List.copyOf(dirs);
  }

  @Override
  public void filter(String method, ObjectNode answer) {
    if ((method != null && !"roots/list".equals(method))
        || !(answer.path("result").get("roots") instanceof ArrayNode roots)) {
      return;
    }
    List<Path> allowed = existing(dirs);
    for (Iterator<JsonNode> it = roots.iterator(); it.hasNext(); ) {
      String uri = it.next().path("uri").asText("");
      if (!inside(uri, allowed)) {
        LOG.log(System.Logger.Level.WARNING, "dropping root {0}: outside the sandbox", uri);
        it.remove();
      }
    }
  }

  private static boolean inside(String uri, List<Path> allowed) {
    Path root;
    try {
      URI parsed = URI.create(uri);
      if (!"file".equalsIgnoreCase(parsed.getScheme())) {
        return false;
      }
      // The real path: a link inside the sandbox may point anywhere, and the server follows it.
      root = Path.of(parsed).toRealPath();
    } catch (IllegalArgumentException | IOException | java.nio.file.FileSystemNotFoundException e) {
      return false; // not a directory the server could use either
    }
    for (Path dir : allowed) {
      if (root.startsWith(dir)) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> existing(List<Path> dirs) {
    List<Path> real = new ArrayList<>();
    for (Path dir : dirs) {
      if (Files.isDirectory(dir)) {
        try {
          real.add(dir.toRealPath());
        } catch (IOException e) {
          // gone since: nothing under it can be offered
        }
      }
    }
    return real;
  }
}
