package dev.mcpspawner.gateway;

import static dev.mcpspawner.gateway.testing.McpHttp.call;
import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hostile and sloppy input gets the right 4xx: never a 5xx, never a created resource. */
class BadInputTest {

  @RegisterExtension static final TestingGateway gateway = new TestingGateway();

  @Test
  void badBodiesAndHeadersGetTheRight4xxAndCreateNothing() {
    String key = TestingKeys.ALICE;
    String v = "2025-06-18";
    Map<String, Integer> expected = new LinkedHashMap<>();
    Map<String, HttpResponse<String>> actual = new LinkedHashMap<>();

    actual.put(
        "malformed JSON", gateway.http().post("echo", key, "{\"jsonrpc\":\"2.0\",\"id\":1,"));
    expected.put("malformed JSON", 400);
    actual.put("not JSON-RPC", gateway.http().post("echo", key, "{\"hello\":\"world\"}"));
    expected.put("not JSON-RPC", 400);
    actual.put("empty body", gateway.http().post("echo", key, ""));
    expected.put("empty body", 400);
    actual.put("JSON scalar", gateway.http().post("echo", key, "42"));
    expected.put("JSON scalar", 400);
    actual.put("batched initialize", gateway.http().post("echo", key, "[" + initialize(v) + "]"));
    expected.put("batched initialize", 400);
    actual.put(
        "batch in 2025-06-18",
        gateway
            .http()
            .postInSession(
                "echo",
                key,
                "mcp-aaaaaaaaaaaaaaaaaaaaaaaaaa",
                v,
                "[" + call(1, "echo", "{}") + "," + call(2, "echo", "{}") + "]"));
    expected.put("batch in 2025-06-18", 400);
    actual.put(
        "stateless batch",
        gateway
            .http()
            .post(
                "echo",
                key,
                "[" + call(1, "echo", "{}") + "]",
                "MCP-Protocol-Version",
                "2026-07-28",
                "Mcp-Method",
                "tools/call"));
    expected.put("stateless batch", 400);
    actual.put(
        "10 MB body", gateway.http().post("echo", key, "{\"x\":\"" + "a".repeat(10 << 20) + "\"}"));
    expected.put("10 MB body", 413);
    actual.put(
        "wrong content type",
        postAs(key, initialize(v), "Content-Type", "text/plain", "Accept", McpHttp.ACCEPT_BOTH));
    expected.put("wrong content type", 415);
    actual.put("missing Accept", postAs(key, initialize(v), "Content-Type", "application/json"));
    expected.put("missing Accept", 406);
    actual.put(
        "Accept without SSE",
        postAs(
            key, initialize(v), "Content-Type", "application/json", "Accept", "application/json"));
    expected.put("Accept without SSE", 406);
    for (String id :
        new String[] {
          "../../etc/passwd",
          "mcp-../../../kube-system",
          "mcp-" + "a".repeat(26).replace('a', 'A'),
          "%2e%2e%2f",
          "mcp-aaaaaaaaaaaaaaaaaaaaaaaaaa",
          "x".repeat(2000)
        }) {
      actual.put(
          "session id " + id.substring(0, Math.min(id.length(), 30)),
          gateway.http().postInSession("echo", key, id, v, call(1, "echo", "{}")));
      expected.put("session id " + id.substring(0, Math.min(id.length(), 30)), 404);
    }
    actual.put(
        "server name with dots",
        gateway
            .http()
            .postExactly("/mcp/..%2F..%2Fsessions", initialize(v), McpHttp.withBearer(key)));
    expected.put("server name with dots", 404);

    actual.forEach(
        (name, response) ->
            assertThat(response.statusCode())
                .as(name + ": " + abbreviate(response.body()))
                .isEqualTo(expected.get(name)));
    assertThat(gateway.cluster().sessions()).isEmpty();
  }

  @Test
  void tenKilobyteAndControlCharacterSessionIdsAre4xx() throws IOException {
    String body = call(1, "echo", "{}");
    int big = rawStatus("Mcp-Session-Id: " + "a".repeat(10 * 1024), body);
    assertThat(big).isBetween(400, 499);
    int control = rawStatus("Mcp-Session-Id: mcp-\u0001\u0007abc", body);
    assertThat(control).isBetween(400, 499);
    int newline = rawStatus("Mcp-Session-Id: mcp-abc\u000b\u007f", body);
    assertThat(newline).isBetween(400, 499);
    assertThat(gateway.cluster().sessions()).isEmpty();
  }

  /**
   * The malformed chunk sizes from a signed-in client: each is a bad request (400, never
   * the 500 it was) and the gateway hangs up, since it cannot know where the next request starts.
   */
  @Test
  void malformedChunkSizesAre400AndCloseTheConnection() throws IOException {
    String body = call(1, "echo", "{}");
    for (String size : new String[] {"zz", "0x5", "+5", "-5", "5 5", "fffffffffffffffffff"}) {
      String chunked = size + "\r\n" + body + "\r\n0\r\n\r\n";
      RawAnswer answer = raw("Transfer-Encoding: chunked\r\n", chunked.getBytes(UTF_8));
      assertThat(answer.status()).as("chunk size " + size).isEqualTo(400);
      assertThat(answer.closed()).as("chunk size " + size + " closes").isTrue();
    }
    assertThat(gateway.cluster().sessions()).isEmpty();
  }

  /** What a raw request got: the status, and whether the gateway closed the connection after. */
  record RawAnswer(int status, boolean closed) {}

  /**
   * Sends a kept-alive POST to {@code /mcp/echo} with the framing given as is; reads the answer and
   * then waits (up to the socket timeout) to see the gateway hang up.
   */
  static RawAnswer raw(String framingHeaders, byte[] body) throws IOException {
    String request = McpHttp.rawEchoPostHead(TestingKeys.ALICE) + framingHeaders + "\r\n";
    try (Socket socket = sent(request, body, 5_000)) {
      InputStream in = socket.getInputStream();
      int status = status(in);
      boolean closed;
      try {
        while (in.read() >= 0) {
          // the rest of the answer, then the end of the stream if the gateway hangs up
        }
        closed = true;
      } catch (java.net.SocketTimeoutException e) {
        closed = false;
      } catch (java.net.SocketException e) {
        closed = true; // reset: hung up as well
      }
      return new RawAnswer(status, closed);
    }
  }

  /** Sends bytes the JDK client refuses to send, over a plain socket; returns the status. */
  private static int rawStatus(String extraHeader, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String request =
        McpHttp.rawEchoPostHead(TestingKeys.ALICE)
            + extraHeader
            + "\r\n"
            + "Content-Length: "
            + bytes.length
            + "\r\n"
            + "Connection: close\r\n\r\n";
    try (Socket socket = sent(request, bytes, 10_000)) {
      return status(socket.getInputStream());
    }
  }

  /** A socket to the gateway on which {@code head} and then {@code body} went out as they are. */
  private static Socket sent(String head, byte[] body, int timeoutMillis) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port());
    try {
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** The code of the answer's status line; -1 if the connection ended before it. */
  private static int status(InputStream in) throws IOException {
    String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
    return status.length() < 12 ? -1 : Integer.parseInt(status.substring(9, 12));
  }

  /** POSTs to {@code /mcp/echo} with the key as bearer and only the given header pairs. */
  private static HttpResponse<String> postAs(String key, String body, String... headers) {
    return gateway.http().postExactly("/mcp/echo", body, McpHttp.withBearer(key, headers));
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) : s;
  }
}
