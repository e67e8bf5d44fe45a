package dev.mcpspawner.local.kubelet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Pod IPs for local mode. Every session pod serves on the runner's fixed port (8080), as in a
 * cluster, so each needs an address of its own; on Linux all of 127.0.0.0/8 reaches loopback
 * without configuration, and the operator and gateway then work unchanged.
 */
public final class LoopbackAddresses {
  private static final int CAPACITY = 250 * 250;
  private final String prefix;
  private final Set<Integer> inUse = new HashSet<>();
  private int next;

  /**
   * @param secondOctet picks the 127.N.0.0/16 block the pods get addresses from
   */
  public LoopbackAddresses(int secondOctet) {
    this.prefix = "127." + secondOctet + ".";
  }

  /** A free address on which {@code port} can be bound right now. */
  public synchronized String acquire(int port) {
    for (int tried = 0; tried < CAPACITY; tried++) {
      int n = next;
      next = (next + 1) % CAPACITY;
      if (inUse.contains(n)) {
        continue;
      }
      String ip = prefix + (n / 250) + "." + (n % 250 + 2);
      if (bindable(ip, port)) {
        inUse.add(n);
        return ip;
      }
    }
    throw new IllegalStateException("no free loopback address for port " + port);
  }

  public synchronized void release(String ip) {
    String[] parts = ip.split("\\.");
    inUse.remove(Integer.parseInt(parts[2]) * 250 + Integer.parseInt(parts[3]) - 2);
  }

  private static boolean bindable(String ip, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
