package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.mcpspawner.oauth.client.AddressPolicy;
import dev.mcpspawner.oauth.client.ClientMetadataDocuments;
import dev.mcpspawner.oauth.client.ClientMetadataException;
import dev.mcpspawner.oauth.client.ClientRegistration;
import dev.mcpspawner.oauth.client.SafeFetcher;
import dev.mcpspawner.oauth.testing.TestTls;
import dev.mcpspawner.testing.HandClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client ID Metadata Documents and the SSRF guard in front of them. 127.0.0.2 stands in for a
 * public host (the policy under test treats it as one); everything else is judged as in production.
 */
class ClientMetadataDocumentsTest {
  static HttpsServer server;
  static int port;
  static InetAddress standIn;
  static final CountDownLatch NEVER = new CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    standIn = InetAddress.getByName("127.0.0.2");
    server = TestTls.get().serve(standIn, ClientMetadataDocumentsTest::handle);
    port = server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    NEVER.countDown();
    server.stop(0);
  }

  static void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    switch (path) {
      case "/client.json" ->
          send(
              ex,
              200,
              """
              {"client_id":"https://public.example:%d/client.json","client_name":"Good client",
               "redirect_uris":["https://app.example/callback"],
               "token_endpoint_auth_method":"none"}"""
                  .formatted(port),
              false);
      case "/mismatch.json" ->
          send(
              ex,
              200,
              "{\"client_id\":\"https://elsewhere.example/c\",\"redirect_uris\":[\"https://a/cb\"]}",
              false);
      case "/to-loopback" -> redirect(ex, "https://127.0.0.1:" + port + "/client.json");
      case "/to-private" -> redirect(ex, "https://internal.example/client.json");
      case "/to-metadata" -> redirect(ex, "https://169.254.169.254/latest/meta-data/");
      case "/big" -> send(ex, 200, "{\"pad\":\"" + "x".repeat(100_000) + "\"}", false);
      case "/big-chunked" -> send(ex, 200, "{\"pad\":\"" + "x".repeat(100_000) + "\"}", true);
      case "/slow" -> {
        try {
          NEVER.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      default -> send(ex, 404, "{}", false);
    }
  }

  static void send(HttpExchange ex, int status, String body, boolean chunked) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, chunked ? 0 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  /** DNS for the test: public.example is the stand-in, internal.example a private address. */
  static InetAddress[] resolve(String host) throws UnknownHostException {
    return switch (host) {
      case "public.example" -> new InetAddress[] {standIn};
      case "internal.example" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
      case "loopback.example" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
      default -> InetAddress.getAllByName(host);
    };
  }

  static SafeFetcher fetcher(Duration timeout) {
    Predicate<InetAddress> policy = a -> a.equals(standIn) || AddressPolicy.isPublic(a);
    return new SafeFetcher(
        ClientMetadataDocumentsTest::resolve,
        policy,
        TestTls.get().trustingSocketFactory(),
        16 * 1024,
        timeout,
        3);
  }

  static ClientMetadataDocuments documents() {
    return new ClientMetadataDocuments(fetcher(Duration.ofSeconds(5)), new HandClock());
  }

  static String url(String host, String path) {
    return "https://" + host + ":" + port + path;
  }

  @Test
  void aValidDocumentDescribesTheClient() {
    ClientRegistration c = documents().resolve(url("public.example", "/client.json"));
    assertThat(c.clientName()).isEqualTo("Good client");
    assertThat(c.redirectUris()).containsExactly("https://app.example/callback");
    assertThat(c.isPublic()).isTrue();
  }

  @Test
  void aDocumentNamingAnotherClientIdIsRefused() {
    assertRefused(url("public.example", "/mismatch.json"), "differs");
  }

  @Test
  void plainHttpIsRefused() {
    assertRefused("http://public.example:" + port + "/client.json", "metadata URL");
  }

  @Test
  void hostsResolvingToLoopbackOrPrivateAddressesAreNeverContacted() {
    assertRefused(url("loopback.example", "/client.json"), "not a public address");
    assertRefused(url("internal.example", "/client.json"), "not a public address");
    assertRefused(url("127.0.0.1", "/client.json"), "not a public address");
    assertRefused(url("[::1]", "/client.json"), "not a public address");
    assertRefused(url("169.254.169.254", "/client.json"), "not a public address");
  }

  @Test
  void redirectsToLoopbackPrivateOrMetadataAddressesAreRefused() {
    assertRefused(url("public.example", "/to-loopback"), "not a public address");
    assertRefused(url("public.example", "/to-private"), "not a public address");
    assertRefused(url("public.example", "/to-metadata"), "not a public address");
  }

  @Test
  void oversizedDocumentsAreRefused() {
    assertRefused(url("public.example", "/big"), "larger than");
    assertRefused(url("public.example", "/big-chunked"), "larger than");
  }

  @Test
  void aServerThatNeverAnswersIsGivenUpOn() {
    ClientMetadataDocuments slow =
        new ClientMetadataDocuments(fetcher(Duration.ofMillis(500)), new HandClock());
    assertThatThrownBy(() -> slow.resolve(url("public.example", "/slow")))
        .isInstanceOf(ClientMetadataException.class)
        .hasMessageContaining("timed out");
  }

  @Test
  void theProductionPolicyRefusesEveryNonPublicRange() throws Exception {
    for (String a :
        List.of(
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "::")) {
      assertThat(AddressPolicy.isPublic(InetAddress.getByName(a))).as(a).isFalse();
    }
    for (String a : List.of("8.8.8.8", "1.1.1.1", "2606:4700:4700::1111")) {
      assertThat(AddressPolicy.isPublic(InetAddress.getByName(a))).as(a).isTrue();
    }
  }

  /**
   * The malformed answers, from a metadata host on a bare TLS socket: each is the client's
   * unusable document (which {@code /oauth/authorize} shows as its error page), never an exception
   * that escapes as a 500.
   */
  @Test
  void malformedAnswersAreClientMetadataErrors() throws Exception {
    String document =
        "{\"client_id\":\"https://public.example:%d/client.json\",\"redirect_uris\":[\"https://app.example/cb\"]}";
    List<String> answers =
        List.of(
            "HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\n{}",
            "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nContent-Length: banana\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n{}\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n{}\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n");
    for (String answer : answers) {
      try (RawHost host = new RawHost(answer)) {
        String clientId = "https://public.example:" + host.port() + "/client.json";
        assertThatThrownBy(() -> documents().resolve(clientId))
            .as(answer)
            .isInstanceOf(ClientMetadataException.class);
      }
    }
    // the same host answering well is accepted: the refusals above are about the bytes
    try (RawHost host = new RawHost(null)) {
      String body = document.formatted(host.port());
      host.answer =
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
              + "\r\n"
              + Integer.toHexString(body.length())
              + "\r\n"
              + body
              + "\r\n0\r\n\r\n";
      assertThat(documents().resolve("https://public.example:" + host.port() + "/client.json"))
          .isNotNull();
    }
  }

  /** A metadata host on the stand-in address that answers every request with the given bytes. */
  static final class RawHost implements AutoCloseable {
    private final javax.net.ssl.SSLServerSocket server;
    volatile String answer;

    RawHost(String answer) {
      this.answer = answer;
      server = TestTls.get().serverSocket(standIn);
      Thread.ofVirtual()
          .start(
              () -> {
                while (!server.isClosed()) {
                  try (java.net.Socket socket = server.accept()) {
                    java.io.InputStream in = socket.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                      int b = in.read();
                      if (b < 0) {
                        break;
                      }
                      head.append((char) b);
                    }
                    socket
                        .getOutputStream()
                        .write(this.answer.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                  } catch (IOException e) {
                    // the fetcher hung up, or the host is closing
                  }
                }
              });
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  static void assertRefused(String clientId, String why) {
    assertThatThrownBy(() -> documents().resolve(clientId))
        .isInstanceOf(ClientMetadataException.class)
        .hasMessageContaining(why);
  }
}
