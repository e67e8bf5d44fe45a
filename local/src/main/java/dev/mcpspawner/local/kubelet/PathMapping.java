package dev.mcpspawner.local.kubelet;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The container's view of the filesystem mapped onto local directories: each volume mount path
 * becomes a directory on disk, and every value that names a path under a mount is rewritten, the
 * most specific mount first.
 */
public final class PathMapping {
  private final List<Map.Entry<String, Path>> mounts;
  private final Set<String> hostPaths;

  public PathMapping(Map<String, Path> mounts) {
    this(mounts, Set.of());
  }

  /**
   * @param hostPaths files of this machine the catalog names (a server's executable or script):
   *     left alone even when they happen to lie under a mount path such as {@code /tmp}
   */
  public PathMapping(Map<String, Path> mounts, Set<String> hostPaths) {
    this.hostPaths = Set.copyOf(hostPaths);
    this.mounts =
        mounts.entrySet().stream()
            .sorted(
                Comparator.comparingInt((Map.Entry<String, Path> e) -> e.getKey().length())
                    .reversed())
            .toList();
  }

  /** {@code value} with a leading in-container path replaced by its local directory. */
  public String translate(String value) {
    if (value == null || hostPaths.contains(value)) {
      return value;
    }
    for (Map.Entry<String, Path> mount : mounts) {
      String inPod = mount.getKey();
      if (value.equals(inPod)) {
        return mount.getValue().toString();
      }
      if (value.startsWith(inPod + "/")) {
        return mount.getValue() + value.substring(inPod.length());
      }
    }
    return value;
  }
}
