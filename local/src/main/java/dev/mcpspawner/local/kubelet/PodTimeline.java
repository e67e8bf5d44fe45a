package dev.mcpspawner.local.kubelet;

/**
 * When the kubelet saw a pod, started its process and saw it answer its readiness probe, on the
 * {@link System#nanoTime()} clock (for the spawn-latency benchmark and logs). Zero: not yet.
 */
public record PodTimeline(long seenNanos, long startedNanos, long readyNanos) {}
