package dev.mcpspawner.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, item 3: a request whose framing RFC 9112 forbids, followed on the same connection by a
 * second request. The runner must answer the first with 400 and close, so the second never runs.
 */
class RequestSmugglingTest {
  private RecordingServer server;

  @BeforeEach
  void start() throws IOException {
    server = new RecordingServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static final String CHUNKED_HEAD =
      "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n";

  @ParameterizedTest
  @ValueSource(strings = {"-5", "0x5", "+5", "zz", "5 5", "5\u0000", " 5", "ffffffffffffffffff"})
  void aBadChunkSizeIsRefusedAndWhatFollowsNeverRuns(String size) throws IOException {
    assertRefusedAndNothingElseRuns(
        CHUNKED_HEAD + size + "\r\nhello\r\n0\r\n\r\n" + RecordingServer.smuggledRequest());
  }

  @ParameterizedTest
  @ValueSource(strings = {"XX", "\n", "\r", " \r\n", "xy\r\n"})
  void junkInsteadOfTheCrlfAfterChunkDataIsRefused(String junk) throws IOException {
    assertRefusedAndNothingElseRuns(
        CHUNKED_HEAD + "5\r\nhello" + junk + "0\r\n\r\n" + RecordingServer.smuggledRequest());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "X-Folded: a\r\n b\r\n", // obs-fold
        "X-Folded: a\r\n\tb\r\n",
        "Content-Length : 2\r\n", // whitespace before the colon
        "Content-Length\t: 2\r\n",
        " Content-Length: 2\r\n", // a header line that starts with whitespace
        "Content-Length: 2\r\nContent-Length: 2\r\n", // RFC 9110 lets a recipient refuse equal ones
        "Content-Length: 2\r\nContent-Length: 3\r\n",
        "Content-Length: -2\r\n",
        "Content-Length: +2\r\n",
        "Content-Length: 0x2\r\n",
        "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: gzip, chunked\r\n",
        "Transfer-Encoding: identity\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
        "No-Colon\r\n",
        "X-Nul: a\u0000b\r\n",
        "X-Cr: a\rb\r\n",
      })
  void aMalformedHeaderIsRefusedAndWhatFollowsNeverRuns(String header) throws IOException {
    assertRefusedAndNothingElseRuns(
        "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + header
            + "\r\nok"
            + RecordingServer.smuggledRequest());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POST /echo HTTP/1.1 extra\r\n",
        "POST /echo HTTP/2.0\r\n",
        "POST /echo HTTP/1.1\n\r\n", // a bare CR or LF where the request line ends
        "POST /e cho HTTP/1.1\r\n",
        "POST /echo|x HTTP/1.1\r\n",
      })
  void aMalformedRequestLineIsRefusedAndWhatFollowsNeverRuns(String line) throws IOException {
    assertRefusedAndNothingElseRuns(
        line
            + "Host: 127.0.0.1\r\nContent-Length: 2\r\n\r\nok"
            + RecordingServer.smuggledRequest());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5", "0x5", "zz"})
  void a401ClosesTheConnectionSoABadBodyCannotCarryASecondRequest(String size) throws IOException {
    try (RawConnection connection = server.connect()) {
      connection.send(
          "POST /protected HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
              + size
              + "\r\n"
              + RecordingServer.smuggledRequest());
      RawConnection.Response response = connection.readResponse();
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.head()).containsIgnoringCase("Connection: close");
      assertThat(connection.closedByServer()).isTrue();
    }
    assertThat(server.executed()).containsExactly("/protected");
  }

  @Test
  void aWellFormed401AlsoClosesTheConnection() throws IOException {
    try (RawConnection connection = server.connect()) {
      connection.send(
          "POST /protected HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\nok"
              + RecordingServer.smuggledRequest());
      assertThat(connection.readResponse().status()).isEqualTo(401);
      assertThat(connection.closedByServer()).isTrue();
    }
    assertThat(server.executed()).containsExactly("/protected");
  }

  @Test
  void aWellFormedChunkedRequestIsStillServedAndTheConnectionKept() throws IOException {
    try (RawConnection connection = server.connect()) {
      connection.send(
          CHUNKED_HEAD
              + "3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n"
              + RecordingServer.smuggledRequest());
      RawConnection.Response first = connection.readResponse();
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("abcdefg");
      assertThat(connection.readResponse().body()).isEqualTo("hi");
    }
    assertThat(server.executed()).containsExactly("/echo", "/smuggled");
  }

  private void assertRefusedAndNothingElseRuns(String bytes) throws IOException {
    try (RawConnection connection = server.connect()) {
      connection.send(bytes);
      RawConnection.Response response = connection.readResponse();
      assertThat(response).as("an answer to %s", printable(bytes)).isNotNull();
      assertThat(response.status()).as(printable(bytes)).isEqualTo(400);
      assertThat(response.head()).containsIgnoringCase("Connection: close");
      assertThat(connection.closedByServer()).as("closed after %s", printable(bytes)).isTrue();
    }
    assertThat(server.executed()).doesNotContain("/smuggled");
  }

  private static String printable(String bytes) {
    return bytes.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
  }
}
