package dev.mcpspawner.gateway;

import static dev.mcpspawner.gateway.testing.McpHttp.call;
import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static dev.mcpspawner.gateway.testing.McpHttp.rawEchoPostHead;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A bounded fuzz of how the gateway frames a signed-in client's requests, over raw sockets on
 * loopback: chunk sizes, chunk endings, Content-Length values and header lines, good and bad, in
 * random mixes. Whatever arrives, no answer is a 5xx. When the framing is certainly broken (RFC
 * 9112 says reject), the answer is a 4xx, the gateway hangs up, and a request smuggled behind the
 * broken one (an {@code initialize} that would start a session) is never run.
 */
class RequestFramingFuzzTest {
  private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");
  private static final String BODY = call(1, "echo", "{}");

  static TestingCluster cluster;
  static GatewayApp app;

  @BeforeContainer
  static void start() {
    cluster = new TestingCluster();
    app = TestingGateway.start(cluster);
  }

  @AfterContainer
  static void stop() {
    app.close();
    cluster.close();
  }

  /** One way of framing the body; {@code broken} when RFC 9112 requires it be refused. */
  record Framing(String headers, String body, boolean broken) {
    @Override
    public String toString() {
      return (broken ? "broken: " : "")
          + (headers + body).replace("\r", "\\r").replace("\n", "\\n");
    }
  }

  @Property(tries = 150)
  void noFramingGetsA5xxAndBrokenFramingEndsTheConnection(
      @ForAll("framings") Framing framing, @ForAll("headerLines") Framing header)
      throws IOException {
    boolean broken = framing.broken() || header.broken();
    String smuggled = broken ? smuggledInitialize() : "";
    String request =
        rawEchoPostHead(TestingKeys.ALICE)
            + "Mcp-Session-Id: mcp-aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
            + header.headers()
            + framing.headers()
            + (broken ? "" : "Connection: close\r\n")
            + "\r\n"
            + framing.body()
            + smuggled;
    Answer answer = send(request);

    assertThat(answer.statuses()).as("statuses").allSatisfy(s -> assertThat(s).isLessThan(500));
    if (broken) {
      assertThat(answer.statuses()).as("answered once, with a 4xx").hasSize(1);
      assertThat(answer.statuses().get(0)).isBetween(400, 499);
      assertThat(answer.closed()).as("the gateway hung up").isTrue();
      assertThat(cluster.sessions()).as("nothing smuggled ran").isEmpty();
    }
  }

  @Provide
  Arbitrary<Framing> framings() {
    return Arbitraries.oneOf(contentLengths(), chunked());
  }

  private static Arbitrary<Framing> contentLengths() {
    int n = BODY.length();
    Arbitrary<Framing> good =
        Arbitraries.of("Content-Length: " + n, "Content-Length:" + n, "Content-Length:  " + n + " ")
            .map(h -> new Framing(h + "\r\n", BODY, false));
    Arbitrary<Framing> bad =
        Arbitraries.of(
                "Content-Length: banana",
                "Content-Length: -" + n,
                "Content-Length: +" + n,
                "Content-Length: 0x" + Integer.toHexString(n),
                "Content-Length: " + n + "\r\nContent-Length: " + (n + 1),
                "Content-Length: 99999999999999999999999")
            .map(h -> new Framing(h + "\r\n", BODY, true));
    return Arbitraries.oneOf(good, bad);
  }

  /** The body in one to three chunks, each size written well or badly, ended well or badly. */
  private static Arbitrary<Framing> chunked() {
    Arbitrary<List<Integer>> cuts =
        Arbitraries.integers().between(1, BODY.length() - 1).list().ofMaxSize(2).uniqueElements();
    Arbitrary<List<String>> sizeStyles =
        Arbitraries.of(
                "hex", "HEX", "padded", "ext", "zz", "0x", "+", "-", "space", "huge", "empty")
            .list()
            .ofSize(3);
    Arbitrary<String> endings = Arbitraries.of("crlf", "junk", "trailer");
    return Combinators.combine(cuts, sizeStyles, endings)
        .as(
            (cutList, styles, ending) -> {
              List<Integer> points = new ArrayList<>(cutList);
              points.sort(null);
              points.add(BODY.length());
              StringBuilder body = new StringBuilder();
              boolean broken = false;
              int from = 0;
              for (int i = 0; i < points.size(); i++) {
                String data = BODY.substring(from, points.get(i));
                from = points.get(i);
                String style = styles.get(i);
                String hex = Integer.toHexString(data.length());
                String size =
                    switch (style) {
                      case "hex" -> hex;
                      case "HEX" -> hex.toUpperCase(java.util.Locale.ROOT);
                      case "padded" -> "000" + hex;
                      case "ext" -> hex + ";name=value";
                      case "zz" -> "zz";
                      case "0x" -> "0x" + hex;
                      case "+" -> "+" + hex;
                      case "-" -> "-" + hex;
                      case "space" -> hex + " " + hex;
                      case "huge" -> "fffffffffffffffffff";
                      default -> "";
                    };
                broken |= List.of("zz", "0x", "+", "-", "space", "huge", "empty").contains(style);
                boolean junk = ending.equals("junk") && i == 0;
                broken |= junk;
                body.append(size).append("\r\n").append(data).append(junk ? "XY" : "\r\n");
              }
              body.append(ending.equals("trailer") ? "0\r\nX-Trailer: t\r\n\r\n" : "0\r\n\r\n");
              return new Framing("Transfer-Encoding: chunked\r\n", body.toString(), broken);
            });
  }

  /** An extra header line: harmless, or one RFC 9112 says to refuse. */
  @Provide
  Arbitrary<Framing> headerLines() {
    Arbitrary<Framing> fine =
        Arbitraries.of("", "X-Note: hello\r\n", "X-Empty:\r\n", "traceparent: 00-abc-def-01\r\n")
            .map(h -> new Framing(h, "", false));
    Arbitrary<Framing> refused =
        Arbitraries.of(
                "X-Note : space before the colon\r\n",
                "X-Fold: first\r\n folded\r\n",
                "X-Bad\u0001Name: x\r\n",
                "No colon at all\r\n")
            .map(h -> new Framing(h, "", true));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, fine), net.jqwik.api.Tuple.of(1, refused));
  }

  /** A stateful initialize: if it ever runs, a session exists. */
  private static String smuggledInitialize() {
    String init = initialize("2025-06-18");
    return "POST /mcp/echo HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Authorization: Bearer "
        + TestingKeys.ALICE
        + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\n"
        + "Content-Length: "
        + init.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + init;
  }

  /** The status of every answer on the connection, and whether the gateway hung up after. */
  record Answer(List<Integer> statuses, boolean closed) {}

  private static Answer send(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
      socket.setSoTimeout(3_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      boolean closed;
      try {
        in.transferTo(received);
        closed = true;
      } catch (SocketTimeoutException e) {
        closed = false;
      } catch (SocketException e) {
        closed = true; // reset after the answer: hung up as well
      }
      List<Integer> statuses = new ArrayList<>();
      Matcher m = STATUS.matcher(received.toString(StandardCharsets.ISO_8859_1));
      while (m.find()) {
        statuses.add(Integer.parseInt(m.group(1)));
      }
      return new Answer(statuses, closed);
    }
  }
}
