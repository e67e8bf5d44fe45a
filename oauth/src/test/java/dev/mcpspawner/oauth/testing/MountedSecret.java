package dev.mcpspawner.oauth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A Secret mounted as a volume, for the tests of what reads its files again when they change. */
public final class MountedSecret {
  private MountedSecret() {}

  /**
   * Updates file {@code name} under {@code dir} as the kubelet updates a mounted Secret: the new
   * content in a directory of its own ({@code version}), then the file's link swapped to it in one
   * move; the file's path.
   */
  public static Path update(Path dir, String name, String version, String content)
      throws IOException {
    Path data = dir.resolve(version);
    Files.createDirectories(data);
    Files.writeString(data.resolve(name), content);
    Path tmp = dir.resolve(name + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, data.resolve(name));
    return Files.move(
        tmp,
        dir.resolve(name),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
