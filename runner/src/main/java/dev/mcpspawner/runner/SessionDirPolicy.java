package dev.mcpspawner.runner;

/** What happens to the session directory when the runner exits (mirrors the crds enum). */
public enum SessionDirPolicy {
  KEEP,
  DELETE;

  static SessionDirPolicy parse(String value) {
    return value == null || value.isBlank()
        ? KEEP
        : valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
  }
}
