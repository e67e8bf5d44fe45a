package dev.mcpspawner.runner.http;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small blocking HTTP/1.1 server: one platform thread per connection, reading requests straight
 * off its socket. The runner serves one session over a handful of keep-alive connections from the
 * gateway; measured against {@code com.sun.net.httpserver} on virtual threads, the fewer thread
 * hand-offs per request cut the runner's CPU per call by more than half, which is what matters when
 * many session pods share a node. Handlers are ordinary {@link HttpHandler}s. Since every
 * connection is a thread, {@link ConnectionLimits} caps them and bounds how long each may wait.
 */
public final class PlainHttpServer {
  private static final System.Logger LOG = System.getLogger(PlainHttpServer.class.getName());

  private static final byte[] BUSY =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listener;
  private final Map<String, HttpHandler> routes;
  private final Set<PlainHttpConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger busy = new AtomicInteger();
  private final ConnectionLimits limits;
  private volatile boolean stopped;
  private final ScheduledExecutorService sweeper;

  private PlainHttpServer(
      ServerSocket listener, Map<String, HttpHandler> routes, ConnectionLimits limits) {
    this.listener = listener;
    this.routes = Map.copyOf(routes);
    this.limits = limits;
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("http-idle").factory());
  }

  /** Binds and starts accepting; {@code routes} maps exact paths to handlers. */
  public static PlainHttpServer start(String bindAddress, int port, Map<String, HttpHandler> routes)
      throws IOException {
    return start(bindAddress, port, routes, ConnectionLimits.DEFAULT);
  }

  /** As above, holding at most {@code limits} connections for at most its timeouts. */
  public static PlainHttpServer start(
      String bindAddress, int port, Map<String, HttpHandler> routes, ConnectionLimits limits)
      throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 256);
    PlainHttpServer server = new PlainHttpServer(listener, routes, limits);
    long every = Math.clamp(limits.shortestTimeout().toNanos() / 4, 1_000_000L, 10_000_000_000L);
    server.sweeper.scheduleWithFixedDelay(server::sweep, every, every, TimeUnit.NANOSECONDS);
    Thread.ofPlatform().daemon().name("http-accept").start(server::acceptLoop);
    return server;
  }

  /**
   * Closes connections whose read is still blocked past its deadline, checking a few times per
   * shortest timeout (at most every 10 s). One thread for all connections, instead of a socket
   * timeout on each, which would cost every read a poll.
   */
  private void sweep() {
    long now = System.nanoTime();
    for (PlainHttpConnection connection : connections) {
      if (connection.pastDeadline(now)) {
        connection.close();
      }
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    AtomicInteger n = new AtomicInteger();
    while (!stopped) {
      try {
        Socket socket = listener.accept();
        if (connections.size() >= limits.maxConnections()) {
          refuse(socket);
          continue;
        }
        socket.setTcpNoDelay(true);
        PlainHttpConnection connection = new PlainHttpConnection(socket, this, limits);
        connections.add(connection);
        Thread.ofPlatform().daemon().name("http-" + n.incrementAndGet()).start(connection::serve);
      } catch (IOException e) {
        if (!stopped) {
          LOG.log(System.Logger.Level.WARNING, "accept failed", e);
        }
      }
    }
  }

  /**
   * Answers a connection over the cap on the accept thread, without a thread of its own: the 503
   * fits the empty send buffer of a new socket, so the write does not block.
   */
  private static void refuse(Socket socket) {
    try (socket) {
      socket.getOutputStream().write(BUSY);
      socket.shutdownOutput();
    } catch (IOException e) {
      // the client is gone already
    }
  }

  HttpHandler route(String path) {
    return routes.get(path);
  }

  void exchangeStarted() {
    busy.incrementAndGet();
  }

  void exchangeFinished() {
    busy.decrementAndGet();
  }

  void closed(PlainHttpConnection connection) {
    connections.remove(connection);
  }

  boolean isStopped() {
    return stopped;
  }

  /** Stops accepting, lets running exchanges finish for up to {@code delaySeconds}, then closes. */
  public void stop(int delaySeconds) {
    stopped = true;
    sweeper.shutdownNow();
    try {
      listener.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing the listener", e);
    }
    long deadline = System.nanoTime() + delaySeconds * 1_000_000_000L;
    while (busy.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    connections.forEach(PlainHttpConnection::close);
  }
}
