package dev.mcpspawner.runner.handshake;

/** The stateless protocol revision the runner bridges to, and recognises in a server. */
public final class StatelessVersion {
  public static final String VERSION = "2026-07-28";

  private StatelessVersion() {}
}
