package dev.mcpspawner.crds;

/** Where a session is in its life: Pending → Starting → Ready → Terminating, or Failed. */
public enum SessionPhase {
  /** Accepted; the pod does not exist yet. */
  Pending,
  /** The pod exists and the runner is not ready yet. */
  Starting,
  /** The runner answers; the gateway may relay. */
  Ready,
  /** Being ended (idle, max lifetime, client or admin request). */
  Terminating,
  /** Will not become Ready; status.reason and status.message say why. */
  Failed
}
