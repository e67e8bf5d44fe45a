package dev.mcpspawner.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.gateway.session.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hop to the runner: it tolerates silence up to the upstream timeout (a long tool call sends no
 * bytes until it is done), and no longer; it keeps connections alive between calls and replaces one
 * the runner closed; closing a body early cuts the connection (the runner's cancel); nothing that
 * could break the HTTP framing is sent on.
 */
class UpstreamRelayTest {
  private HttpServer runner;
  private final CountDownLatch never = new CountDownLatch(1);
  private final Set<Integer> ports = ConcurrentHashMap.newKeySet();
  private volatile Duration silence = Duration.ZERO;

  @BeforeEach
  void start() throws IOException {
    runner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    runner.createContext(
        "/mcp",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // a quiet runner: nothing on the wire for this long
            never.await(silence.toMillis(), TimeUnit.MILLISECONDS);
            out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    runner.createContext(
        "/json",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          ports.add(exchange.getRemoteAddress().getPort());
          byte[] answer =
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    runner.start();
  }

  @AfterEach
  void stop() {
    never.countDown();
    runner.stop(0);
  }

  /** What a test checks of the runner's event stream, as the relay hands it over. */
  private interface StreamCheck {
    void check(UpstreamResponse response, InputStream body) throws Exception;
  }

  /**
   * POSTs to the runner's {@code /mcp}, which is quiet for {@code silence} between its two events,
   * through a relay with {@code upstreamTimeout} and {@code leastIdle}, and checks what comes back.
   */
  private void relayQuietStream(
      Duration silence, Duration upstreamTimeout, Duration leastIdle, StreamCheck check)
      throws Exception {
    this.silence = silence;
    try (UpstreamRelay relay = new UpstreamRelay(upstreamTimeout, leastIdle);
        UpstreamResponse response =
            relay.send(
                at(runner.getAddress().getPort(), "/mcp"),
                "POST",
                "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Accept", "*/*"));
        InputStream body = response.body()) {
      check.check(response, body);
    }
  }

  @Test
  void silenceShorterThanTheUpstreamTimeoutIsWaitedOut() throws Exception {
    // least idle 200 ms, upstream timeout 3 s: 1 s of silence is within the upstream timeout
    relayQuietStream(
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        Duration.ofMillis(200),
        (response, body) -> {
          assertThat(response.isEventStream()).isTrue();
          assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
              .isEqualTo("data: first\n\ndata: second\n\n");
        });
  }

  @Test
  void aRunnerSilentPastTheIdleTimeoutIsGivenUpOn() throws Exception {
    relayQuietStream(
        Duration.ofSeconds(30),
        Duration.ofMillis(300),
        Duration.ofMillis(300),
        (response, body) -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
        });
  }

  private static Sandbox at(int port, String path) {
    return new Sandbox("mcp-test", URI.create("http://127.0.0.1:" + port + path), "token");
  }

  private static String postAndRead(UpstreamRelay relay, Sandbox sandbox) throws IOException {
    return postAndRead(relay, sandbox, "{}");
  }

  private static String postAndRead(UpstreamRelay relay, Sandbox sandbox, String body)
      throws IOException {
    try (UpstreamResponse response =
        relay.send(
            sandbox,
            "POST",
            body.getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/json"))) {
      return response.statusCode()
          + " "
          + new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void callsInTurnShareOneKeptAliveConnection() throws Exception {
    Sandbox sandbox = at(runner.getAddress().getPort(), "/json");
    try (UpstreamRelay relay = new UpstreamRelay(Duration.ofSeconds(5))) {
      for (int i = 0; i < 5; i++) {
        assertThat(postAndRead(relay, sandbox)).startsWith("200 {\"jsonrpc\"");
      }
      assertThat(ports).hasSize(1);
      assertThat(relay.pooledConnections()).isEqualTo(1);
    }
  }

  /**
   * A runner that answers one request per connection and then hangs up without saying so (as its
   * idle sweeper does): the next call goes out on the dead pooled connection first.
   */
  @Test
  void aPooledConnectionTheRunnerClosedIsReplacedWithoutAnError() throws Exception {
    try (RawRunner raw =
            new RawRunner(
                request ->
                    "HTTP/1.1 200 OK\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: 2\r\n\r\n"
                        + "{}");
        UpstreamRelay relay = new UpstreamRelay(Duration.ofSeconds(5))) {
      Sandbox sandbox = at(raw.port(), "/mcp");
      for (int i = 0; i < 3; i++) {
        assertThat(postAndRead(relay, sandbox)).isEqualTo("200 {}");
        int served = i + 1;
        await().atMost(Duration.ofSeconds(5)).until(() -> raw.closed.get() >= served);
      }
      assertThat(raw.connections.get()).isEqualTo(3);
    }
  }

  /**
   * The double call: a runner front that keeps the connection alive, then closes it right
   * after the runner ran {@code create_entities}, without an answer. The call must reach the runner
   * once, and the client hears of the failure instead of the answer to a resend.
   */
  @Test
  void aCallTheRunnerTookIsNotSentAgainWhenItHangsUpWithoutAnswering() throws Exception {
    String create = McpCall.create();
    try (ExecutingRunner raw = new ExecutingRunner(create);
        UpstreamRelay relay = new UpstreamRelay(Duration.ofSeconds(5))) {
      Sandbox sandbox = at(raw.port(), "/mcp");
      assertThat(postAndRead(relay, sandbox, "{\"method\":\"ping\"}")).isEqualTo("200 {}");
      assertThat(relay.pooledConnections()).isEqualTo(1);

      assertThatThrownBy(() -> postAndRead(relay, sandbox, create))
          .isInstanceOf(UpstreamException.class);
      assertThat(raw.executed).filteredOn(create::equals).hasSize(1);
    }
  }

  /**
   * Every POST goes out under a name of its own, so a runner can refuse a copy that a hop in
   * between sent again; the name is the runner's header.
   */
  @Test
  void eachPostIsDeliveredUnderANameOfItsOwn() throws Exception {
    java.util.List<String> heads = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (RawRunner raw =
            new RawRunner(
                head -> {
                  heads.add(head);
                  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
                });
        UpstreamRelay relay = new UpstreamRelay(Duration.ofSeconds(5));
        UpstreamRelay otherReplica = new UpstreamRelay(Duration.ofSeconds(5))) {
      Sandbox sandbox = at(raw.port(), "/mcp");
      postAndRead(relay, sandbox);
      postAndRead(relay, sandbox);
      postAndRead(otherReplica, sandbox);
      relay.send(sandbox, "GET", null, Map.of("Accept", "text/event-stream")).close();
    }
    java.util.List<String> names =
        heads.stream()
            .map(
                head ->
                    head.lines()
                        .filter(l -> l.startsWith(RunnerContract.DELIVERY_HEADER + ": "))
                        .findFirst()
                        .map(l -> l.substring(RunnerContract.DELIVERY_HEADER.length() + 2))
                        .orElse(null))
            .toList();
    assertThat(names).hasSize(4);
    assertThat(names.subList(0, 3)).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(names.get(3)).as("a GET runs nothing and is not named").isNull();
  }

  @Test
  void closingABodyBeforeItsEndHangsUpOnTheRunner() throws Exception {
    try (RawRunner raw =
            new RawRunner(
                request ->
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n"
                        + "d\r\ndata: first\n\n\r\n",
                true);
        UpstreamRelay relay = new UpstreamRelay(Duration.ofSeconds(5))) {
      UpstreamResponse response =
          relay.send(at(raw.port(), "/mcp"), "POST", new byte[] {'{', '}'}, Map.of());
      byte[] first = new byte[64];
      int n = response.body().read(first);
      assertThat(new String(first, 0, n, StandardCharsets.UTF_8)).isEqualTo("data: first\n\n");
      response.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> raw.closed.get() == 1);
      assertThat(relay.pooledConnections()).isZero();
    }
  }

  @Test
  void aHeaderValueThatWouldBreakTheFramingIsNeverSent() throws Exception {
    try (RawRunner raw = new RawRunner(request -> "HTTP/1.1 204 No Content\r\n\r\n");
        UpstreamRelay relay = new UpstreamRelay(Duration.ofSeconds(5))) {
      assertThatThrownBy(
              () ->
                  relay.send(
                      at(raw.port(), "/mcp"),
                      "POST",
                      new byte[] {'{', '}'},
                      Map.of("Mcp-Name", "echo\r\nAuthorization: Bearer stolen")))
          .isInstanceOf(UpstreamException.class)
          .hasMessageContaining("Mcp-Name");
      assertThat(raw.connections.get()).isZero();
    }
  }

  @Test
  void aMalformedAnswerIsAnUpstreamErrorAndTheConnectionIsDropped() throws Exception {
    try (RawRunner raw = new RawRunner(request -> "HTTP/1.1 2OO OK\r\n\r\n");
        UpstreamRelay relay = new UpstreamRelay(Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> postAndRead(relay, at(raw.port(), "/mcp")))
          .isInstanceOf(UpstreamException.class)
          .hasMessageContaining("unreachable");
      assertThat(relay.pooledConnections()).isZero();
    }
  }

  @Test
  void anAnswerThatAsksToCloseIsNotKeptAlive() throws Exception {
    try (RawRunner raw =
            new RawRunner(
                request -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
                true);
        UpstreamRelay relay = new UpstreamRelay(Duration.ofSeconds(5))) {
      assertThat(postAndRead(relay, at(raw.port(), "/mcp"))).isEqualTo("200 {}");
      assertThat(relay.pooledConnections()).isZero();
      await().atMost(Duration.ofSeconds(5)).until(() -> raw.closed.get() == 1);
    }
  }

  /** Bodies of tool calls the tests send. */
  private static final class McpCall {
    static String create() {
      return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"create_entities\",\"arguments\":{}}}";
    }
  }

  /**
   * Accepts connections on {@code server} until it is closed, each served by {@code serve} on a
   * virtual thread of its own; the accepting thread.
   */
  private static Thread serveEach(ServerSocket server, java.util.function.Consumer<Socket> serve) {
    return Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket socket = server.accept();
                  Thread.ofVirtual().start(() -> serve.accept(socket));
                } catch (IOException e) {
                  return;
                }
              }
            });
  }

  /** A request head up to and with its blank line, read a byte at a time; null at the end. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static int contentLength(String head) {
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return length;
  }

  /**
   * A keep-alive runner on a bare socket that records every request body it reads as executed; the
   * first time it reads {@code hangUpAfter} it closes the connection without answering (later
   * copies are answered, as a runner that ran the call again would).
   */
  private static final class ExecutingRunner implements AutoCloseable {
    final java.util.List<String> executed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean hungUp =
        new java.util.concurrent.atomic.AtomicBoolean();
    private final String hangUpAfter;
    private final ServerSocket server;

    ExecutingRunner(String hangUpAfter) throws IOException {
      this.hangUpAfter = hangUpAfter;
      server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      serveEach(server, this::serve);
    }

    private void serve(Socket socket) {
      try (socket) {
        InputStream in = socket.getInputStream();
        while (true) {
          String body = readRequest(in);
          if (body == null) {
            return;
          }
          executed.add(body);
          if (body.equals(hangUpAfter) && hungUp.compareAndSet(false, true)) {
            return;
          }
          socket
              .getOutputStream()
              .write(
                  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                      .getBytes(StandardCharsets.ISO_8859_1));
        }
      } catch (IOException e) {
        // the gateway hung up
      }
    }

    /** One request's body (by its Content-Length), or null at the end of the stream. */
    private static String readRequest(InputStream in) throws IOException {
      String head = readHead(in);
      return head == null
          ? null
          : new String(in.readNBytes(contentLength(head)), StandardCharsets.UTF_8);
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /**
   * A runner on a bare socket: reads one request head (and its Content-Length body), writes the
   * scripted answer, then either hangs up or (when {@code holdOpen}) waits for the gateway to hang
   * up; counts connections and hang-ups.
   */
  private static final class RawRunner implements AutoCloseable {
    final java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger closed =
        new java.util.concurrent.atomic.AtomicInteger();
    private final ServerSocket server;
    private final Thread acceptor;

    RawRunner(Function<String, String> answer) throws IOException {
      this(answer, false);
    }

    RawRunner(Function<String, String> answer, boolean holdOpen) throws IOException {
      server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      acceptor =
          serveEach(
              server,
              socket -> {
                connections.incrementAndGet();
                serve(socket, answer, holdOpen);
              });
    }

    private void serve(Socket socket, Function<String, String> answer, boolean holdOpen) {
      try (socket) {
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        if (head == null) {
          return;
        }
        in.readNBytes(contentLength(head));
        socket.getOutputStream().write(answer.apply(head).getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        if (holdOpen) {
          while (in.read() >= 0) {
            // until the gateway hangs up
          }
        }
      } catch (IOException e) {
        // the gateway hung up
      } finally {
        closed.incrementAndGet();
      }
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      acceptor.interrupt();
    }
  }
}
