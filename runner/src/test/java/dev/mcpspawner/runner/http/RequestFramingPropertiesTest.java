package dev.mcpspawner.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The runner's request framing under generated input: valid requests, mutated, followed on the same
 * connection by a second request. Whatever the bytes: no 5xx, a refusal is the connection's last
 * answer, and nothing runs after it. Bounded: a few hundred tries of a few milliseconds each.
 */
class RequestFramingPropertiesTest {
  private static final String SMUGGLED = RecordingServer.smuggledRequest();

  /** A mutation that RFC 9112 makes fatal: the first request is refused, the second never runs. */
  @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
  void aFatallyMalformedRequestIsRefusedAndNothingBehindItRuns(
      @ForAll("fatallyMalformed") String request) throws IOException {
    try (RecordingServer server = new RecordingServer();
        RawConnection connection = server.connect()) {
      connection.send(request + SMUGGLED);
      RawConnection.Response response = connection.readResponse();
      assertThat(response).as("an answer").isNotNull();
      assertThat(response.status()).isIn(400, 401, 431);
      assertThat(response.head()).containsIgnoringCase("Connection: close");
      // The server closes on its own (the client keeps its side open): no second answer.
      assertThat(connection.closedByServer()).as("closed after the refusal").isTrue();
      assertThat(server.executed()).doesNotContain("/smuggled");
    }
  }

  /**
   * Byte-level mutations, which may or may not break the framing: every request acted upon has its
   * answer before any refusal, and a refusal (400, 431, 401) is the last thing sent.
   */
  @Property(tries = 400, shrinking = ShrinkingMode.BOUNDED)
  void mutatedBytesNeverGet5xxAndNothingRunsAfterARefusal(
      @ForAll("valid") String request, @ForAll("mutations") List<Mutation> mutations)
      throws IOException {
    byte[] bytes = (request + SMUGGLED).getBytes(StandardCharsets.ISO_8859_1);
    for (Mutation mutation : mutations) {
      bytes = mutation.apply(bytes);
    }
    try (RecordingServer server = new RecordingServer();
        RawConnection connection = server.connect()) {
      connection.send(bytes);
      connection.endOfRequests();
      List<RawConnection.Response> responses = new ArrayList<>();
      for (RawConnection.Response r = connection.readResponse();
          r != null;
          r = connection.readResponse()) {
        responses.add(r);
      }
      String seen = responses.stream().map(r -> String.valueOf(r.status())).toList().toString();
      assertThat(responses).as(seen).allSatisfy(r -> assertThat(r.status()).isLessThan(500));
      for (int i = 0; i < responses.size(); i++) {
        int status = responses.get(i).status();
        if (status == 400 || status == 401 || status == 431) {
          assertThat(i)
              .as("a refusal is the last answer: %s", seen)
              .isEqualTo(responses.size() - 1);
          assertThat(responses.get(i).head()).containsIgnoringCase("Connection: close");
        }
      }
      long actedUpon =
          responses.stream().filter(r -> r.status() == 200 || r.status() == 401).count();
      assertThat(server.executed()).as(seen).hasSize((int) actedUpon);
    }
  }

  @Provide
  Arbitrary<String> valid() {
    return Combinators.combine(paths(), extraHeaders(), bodies(), chunkings())
        .as((path, headers, body, chunks) -> request(path, headers, body, chunks, -1, null));
  }

  @Provide
  Arbitrary<String> fatallyMalformed() {
    Arbitrary<String> badChunkSize =
        Combinators.combine(
                paths(),
                extraHeaders(),
                bodies().filter(b -> !b.isEmpty()),
                Arbitraries.integers().between(1, 4),
                badChunkSizes())
            .as((path, headers, body, chunks, bad) -> request(path, headers, body, chunks, 0, bad));
    Arbitrary<String> junkAfterChunkData =
        Combinators.combine(
                Arbitraries.just("/echo"), // a route that reads the body, where the junk is
                extraHeaders(),
                bodies().filter(b -> !b.isEmpty()),
                Arbitraries.integers().between(1, 4),
                junkInsteadOfCrlf())
            .as(
                (path, headers, body, chunks, junk) ->
                    request(path, headers, body, chunks, 1, junk));
    Arbitrary<String> badHeader =
        Combinators.combine(paths(), extraHeaders(), bodies(), chunkings(), badHeaderLines())
            .as(
                (path, headers, body, chunks, bad) -> {
                  List<String> withBad = new ArrayList<>(headers);
                  withBad.add(bad);
                  return request(path, withBad, body, chunks, -1, null);
                });
    return Arbitraries.oneOf(badChunkSize, junkAfterChunkData, badHeader);
  }

  /**
   * {@code POST path} with {@code body}, chunked in {@code chunks} pieces (0: Content-Length).
   * {@code spoil} 0 puts {@code bad} in place of the first chunk's size, 1 in place of the CRLF
   * after the first chunk's data.
   */
  private static String request(
      String path, List<String> headers, String body, int chunks, int spoil, String bad) {
    StringBuilder r = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n");
    r.append("Host: 127.0.0.1\r\n");
    for (String h : headers) {
      r.append(h);
    }
    if (chunks == 0 && spoil < 0) {
      return r.append("Content-Length: ")
          .append(body.length())
          .append("\r\n\r\n")
          .append(body)
          .toString();
    }
    r.append("Transfer-Encoding: chunked\r\n\r\n");
    int pieces = Math.max(1, Math.min(chunks, body.length()));
    int at = 0;
    for (int i = 0; i < pieces; i++) {
      int end = i == pieces - 1 ? body.length() : at + (body.length() - at) / (pieces - i);
      String data = body.substring(at, end);
      at = end;
      if (data.isEmpty()) {
        continue;
      }
      r.append(i == 0 && spoil == 0 ? bad : Integer.toHexString(data.length())).append("\r\n");
      r.append(data).append(i == 0 && spoil == 1 ? bad : "\r\n");
    }
    return r.append("0\r\n\r\n").toString();
  }

  private static Arbitrary<String> paths() {
    return Arbitraries.of("/echo", "/protected");
  }

  private static Arbitrary<List<String>> extraHeaders() {
    Arbitrary<String> name =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('-')
            .ofMinLength(1)
            .ofMaxLength(8)
            .map(n -> "X" + n);
    Arbitrary<String> value = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12);
    return Combinators.combine(name, value).as((n, v) -> n + ": " + v + "\r\n").list().ofMaxSize(3);
  }

  private static Arbitrary<String> bodies() {
    return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
  }

  private static Arbitrary<Integer> chunkings() {
    return Arbitraries.integers().between(0, 4);
  }

  private static Arbitrary<String> hex() {
    return Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1).ofMaxLength(4);
  }

  private static Arbitrary<String> badChunkSizes() {
    Arbitrary<String> signed =
        Combinators.combine(Arbitraries.of("-", "+", "0x", "0X", " ", "\t"), hex())
            .as(String::concat);
    Arbitrary<String> junk =
        Combinators.combine(
                hex(),
                Arbitraries.strings().withChars("ghxyzG!#$@ \t").ofMinLength(1).ofMaxLength(3))
            .as(String::concat);
    Arbitrary<String> tooLong = Arbitraries.strings().withChars("fF").ofLength(17);
    return Arbitraries.oneOf(signed, junk, tooLong, Arbitraries.just(""));
  }

  private static Arbitrary<String> junkInsteadOfCrlf() {
    return Arbitraries.strings()
        .withChars("ab0Z \t;\r\n")
        .ofMinLength(1)
        .ofMaxLength(3)
        .filter(j -> !j.startsWith("\r\n"));
  }

  private static Arbitrary<String> badHeaderLines() {
    Arbitrary<String> name = Arbitraries.of("Content-Length", "X-A", "Host", "Transfer-Encoding");
    Arbitrary<String> spaceBeforeColon =
        Combinators.combine(
                name, Arbitraries.strings().withChars(" \t").ofMinLength(1).ofMaxLength(2))
            .as((n, ws) -> n + ws + ": 1\r\n");
    Arbitrary<String> obsFold =
        Combinators.combine(Arbitraries.of(" ", "\t"), Arbitraries.strings().alpha().ofMaxLength(5))
            .as((ws, v) -> "X-Fold: a\r\n" + ws + v + "\r\n");
    Arbitrary<String> control =
        Combinators.combine(
                Arbitraries.chars().range('\u0000', '\u0008'),
                Arbitraries.strings().alpha().ofMaxLength(3))
            .as((c, v) -> "X-Ctl: a" + c + v + "\r\n");
    Arbitrary<String> badLength =
        Combinators.combine(
                Arbitraries.of("-", "+", "0x", "1 ", "a", ""), Arbitraries.integers().between(0, 9))
            .as((p, n) -> "Content-Length: " + p + n + "\r\n");
    Arbitrary<String> twoFramings =
        Arbitraries.of(
            "Content-Length: 1\r\nContent-Length: 2\r\n",
            "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n",
            "Transfer-Encoding: gzip\r\n",
            "Transfer-Encoding: chunked, identity\r\n");
    return Arbitraries.oneOf(spaceBeforeColon, obsFold, control, badLength, twoFramings);
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Byte> interesting =
        Arbitraries.of(
            (byte) '\r',
            (byte) '\n',
            (byte) ' ',
            (byte) '\t',
            (byte) ':',
            (byte) ';',
            (byte) 0,
            (byte) '0',
            (byte) 'f',
            (byte) 'x',
            (byte) '-',
            (byte) 0x7f,
            (byte) 0xff);
    Arbitrary<Integer> where = Arbitraries.integers().between(0, 1 << 16);
    Arbitrary<Mutation> mutation =
        Combinators.combine(Arbitraries.of(Mutation.Kind.values()), where, interesting)
            .as(Mutation::new);
    return mutation.list().ofMinSize(1).ofMaxSize(4);
  }

  /** One change to a request's bytes; {@code where} is taken modulo the length. */
  record Mutation(Kind kind, int where, byte value) {
    enum Kind {
      INSERT,
      REPLACE,
      DELETE
    }

    byte[] apply(byte[] bytes) {
      if (bytes.length == 0) {
        return bytes;
      }
      int at = where % bytes.length;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(bytes, 0, at);
      switch (kind) {
        case INSERT -> {
          out.write(value);
          out.write(bytes, at, bytes.length - at);
        }
        case REPLACE -> {
          out.write(value);
          out.write(bytes, at + 1, bytes.length - at - 1);
        }
        case DELETE -> out.write(bytes, at + 1, bytes.length - at - 1);
      }
      return out.toByteArray();
    }
  }
}
