package dev.mcpspawner.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner's HTTP/1.1 server at the byte level: keep-alive, chunked bodies, 100-continue. */
class PlainHttpServerTest {
  private PlainHttpServer server;

  @BeforeEach
  void start() throws IOException {
    HttpHandler echo =
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        };
    server = PlainHttpServer.start("127.0.0.1", 0, Map.of("/echo", echo));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String readResponse(BufferedReader in) throws IOException {
    StringBuilder response = new StringBuilder();
    int length = 0;
    for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
      response.append(line).append('\n');
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    char[] body = new char[length];
    int read = 0;
    while (read < length) {
      read += in.read(body, read, length - read);
    }
    return response.append('\n').append(body).toString();
  }

  /** A raw connection to {@link #server}: the requests a test writes, the responses it reads. */
  private final class Connection implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;

    Connection() throws IOException {
      socket = new Socket("127.0.0.1", server.port());
      in = reader(socket);
    }

    void send(String request) throws IOException {
      PlainHttpServerTest.send(socket.getOutputStream(), request);
      socket.getOutputStream().flush();
    }

    String response() throws IOException {
      return readResponse(in);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Writes {@code request} as it stands: the tests' requests are ASCII. */
  private static void send(OutputStream out, String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The response side of a raw connection to the server. */
  private static BufferedReader reader(Socket socket) throws IOException {
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void twoRequestsOnOneConnectionOneOfThemChunked() throws IOException {
    try (Connection connection = new Connection()) {
      connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
      assertThat(connection.response()).startsWith("HTTP/1.1 200").endsWith("\nhello");
      connection.send(
          "POST /echo HTTP/1.1\r\n"
              + "Host: x\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n"
              + "3\r\n"
              + "abc\r\n"
              + "4;x=y\r\n"
              + "defg\r\n"
              + "0\r\n\r\n");
      assertThat(connection.response()).startsWith("HTTP/1.1 200").endsWith("\nabcdefg");
      connection.send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(connection.response()).startsWith("HTTP/1.1 404");
    }
  }

  @Test
  void expectContinueGets100BeforeTheBodyIsSent() throws IOException {
    try (Connection connection = new Connection()) {
      connection.send(
          "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
      assertThat(connection.in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(connection.in.readLine()).isEmpty();
      connection.send("ok");
      assertThat(connection.response()).startsWith("HTTP/1.1 200").endsWith("\nok");
    }
  }

  @Test
  void ambiguousBodyFramingIsRefusedAndTheConnectionClosed() throws IOException {
    String[] smuggling = {
      "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding: gzip, chunked\r\n",
      "Transfer-Encoding: identity\r\n",
      "Content-Length: 5\r\nContent-Length: 6\r\n",
      "Content-Length: -5\r\n",
      "Content-Length: +5\r\n",
      "Content-Length: 0x5\r\n",
      // RFC 9110 lets a recipient refuse repeats even when equal; Jetty's strict parser does.
      "Content-Length: 5\r\nContent-Length: 5\r\n",
    };
    for (String framing : smuggling) {
      try (Connection connection = new Connection()) {
        connection.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" + framing + "\r\nhello");
        assertThat(connection.response()).as(framing).startsWith("HTTP/1.1 400");
        assertThat(connection.in.readLine()).as("connection closed after %s", framing).isNull();
      }
    }
  }

  @Test
  void pipelinedRequestsInOneWriteAreServedInOrder() throws IOException {
    try (Connection connection = new Connection()) {
      connection.send(
          "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
              + "POST /echo HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\n\r\nworld"
              + "\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(connection.response()).startsWith("HTTP/1.1 200").endsWith("\nhello");
      assertThat(connection.response()).startsWith("HTTP/1.1 200").endsWith("\nworld");
      assertThat(connection.response()).startsWith("HTTP/1.1 404");
    }
  }

  @Test
  void bodyLargerThanTheConnectionBufferArrivesWhole() throws IOException {
    byte[] body = new byte[300 * 1024];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      send(out, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
      out.write(body, 0, 1000); // the head and the start of the body arrive together
      out.flush();
      out.write(body, 1000, body.length - 1000);
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: " + body.length);
      assertThat(Arrays.equals(in.readNBytes(body.length), body)).isTrue();
    }
  }

  @Test
  void aHeaderLineLongerThanTheHeadLimitEndsTheConnection() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      send(out, "POST /echo HTTP/1.1\r\nX-Long: ");
      byte[] filler = new byte[100 * 1024];
      Arrays.fill(filler, (byte) 'x');
      try {
        out.write(filler);
        out.flush();
      } catch (SocketException e) {
        // the server closed while this was still being written: also an end
      }
      // A 431 if the server's answer arrived before its close reset the connection, else nothing.
      assertThat(readUntilClosed(socket.getInputStream()))
          .satisfiesAnyOf(
              answer -> assertThat(answer).isEmpty(),
              answer -> assertThat(answer).startsWith("HTTP/1.1 431"));
    }
  }

  @Test
  void idleConnectionsAreClosedAfterTheIdleTimeout() throws IOException {
    PlainHttpServer idle = startEcho(Duration.ofMillis(100), null, null);
    try (Socket used = new Socket("127.0.0.1", idle.port());
        Socket neverUsed = new Socket("127.0.0.1", idle.port());
        Socket halfARequest = new Socket("127.0.0.1", idle.port())) {
      for (Socket socket : new Socket[] {used, neverUsed, halfARequest}) {
        socket.setSoTimeout(30_000); // the test's own bound; the server closes long before
      }
      send(used.getOutputStream(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");
      InputStream in = used.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 200");
      assertThat(new String(in.readNBytes(2), StandardCharsets.US_ASCII)).isEqualTo("ok");
      send(halfARequest.getOutputStream(), "POST /echo HTTP/1.1\r\nHost: x\r\n");
      // Each read returns only once the server closed the connection (end of stream).
      assertThat(in.read()).isEqualTo(-1);
      assertThat(neverUsed.getInputStream().read()).isEqualTo(-1);
      assertThat(readUntilClosed(halfARequest.getInputStream())).isEmpty();
    } finally {
      idle.stop(0);
    }
  }

  @Test
  void aLongRunningExchangeIsNotIdle() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PlainHttpServer idle = startEcho(Duration.ofMillis(100), started, release);
    try (Socket slow = new Socket("127.0.0.1", idle.port())) {
      slow.setSoTimeout(30_000);
      send(
          slow.getOutputStream(),
          "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nslow");
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      // A connection opened after the exchange started is swept: the exchange has now run for
      // longer than the idle timeout, and its connection must still be open.
      try (Socket probe = new Socket("127.0.0.1", idle.port())) {
        probe.setSoTimeout(30_000);
        assertThat(probe.getInputStream().read()).isEqualTo(-1);
      }
      release.countDown();
      InputStream in = slow.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 200");
      assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("slow");
    } finally {
      release.countDown();
      idle.stop(0);
    }
  }

  /** {@code /echo}, and {@code /slow}: echo once {@code release} is counted down. */
  private static PlainHttpServer startEcho(
      Duration idleTimeout, CountDownLatch started, CountDownLatch release) throws IOException {
    HttpHandler echo =
        exchange -> {
          if (exchange.getRequestURI().getPath().equals("/slow")) {
            started.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body = exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        };
    // All three timeouts short: a connection that never sends anything is closed as fast as one
    // that idles after a request.
    ConnectionLimits limits =
        new ConnectionLimits(
            ConnectionLimits.DEFAULT_MAX_CONNECTIONS, idleTimeout, idleTimeout, idleTimeout);
    return PlainHttpServer.start("127.0.0.1", 0, Map.of("/echo", echo, "/slow", echo), limits);
  }

  /** The response head up to the blank line, read byte by byte so the body stays unread. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed in the head: " + head);
      }
      head.append((char) c);
    }
    return head.toString();
  }

  /** Whatever arrives until the server closes (a reset counts as closed). */
  private static String readUntilClosed(InputStream in) throws IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketException e) {
      return "";
    }
  }
}
