package dev.mcpspawner.crds;

/** Access mode of the per-user home volume. */
public enum AccessMode {
  /** One node at a time: the operator co-locates the user's pods. */
  ReadWriteOnce,
  /** Many nodes: the user's pods may run anywhere. */
  ReadWriteMany
}
