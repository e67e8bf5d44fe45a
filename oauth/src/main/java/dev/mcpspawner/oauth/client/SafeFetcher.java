package dev.mcpspawner.oauth.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches a URL a client gave us without letting it reach inside the cluster: https only, every
 * hop's host resolved once and every address checked against an {@link AddressPolicy}, the
 * connection made to the checked address (no second DNS lookup to rebind), TLS with hostname
 * verification, a byte limit and an overall deadline, at most a few redirects, each checked the
 * same way. A small HTTP/1.1 client of its own because the JDK's cannot be pinned to an address.
 */
public final class SafeFetcher {
  /** Host name resolution; tests substitute their own. */
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** A 200 answer. */
  public record Response(Map<String, String> headers, byte[] body) {}

  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final Resolver resolver;
  private final Predicate<InetAddress> allowed;
  private final SSLSocketFactory tls;
  private final int maxBodyBytes;
  private final Duration timeout;
  private final int maxRedirects;

  public SafeFetcher(
      Resolver resolver,
      Predicate<InetAddress> allowed,
      SSLSocketFactory tls,
      int maxBodyBytes,
      Duration timeout,
      int maxRedirects) {
    this.resolver = resolver;
    this.allowed = allowed;
    this.tls = tls;
    this.maxBodyBytes = maxBodyBytes;
    this.timeout = timeout;
    this.maxRedirects = maxRedirects;
  }

  /** Production defaults: system DNS, public addresses, the JDK trust store, 5 s, 16 KiB. */
  public static SafeFetcher forClientMetadata(boolean allowLoopback) {
    return new SafeFetcher(
        InetAddress::getAllByName,
        allowLoopback ? AddressPolicy.publicOrLoopback() : AddressPolicy.publicOnly(),
        (SSLSocketFactory) SSLSocketFactory.getDefault(),
        16 * 1024,
        Duration.ofSeconds(5),
        3);
  }

  public Response get(URI uri) {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI current = uri;
    for (int hop = 0; hop <= maxRedirects; hop++) {
      Raw raw = fetchOnce(current, deadline);
      if (raw.status >= 300 && raw.status < 400 && raw.headers.containsKey("location")) {
        current = current.resolve(raw.headers.get("location"));
        continue;
      }
      if (raw.status != 200) {
        throw new ClientMetadataException(current + " answered HTTP " + raw.status);
      }
      return new Response(raw.headers, raw.body);
    }
    throw new ClientMetadataException("too many redirects from " + uri);
  }

  private record Raw(int status, Map<String, String> headers, byte[] body) {}

  private Raw fetchOnce(URI uri, long deadline) {
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new ClientMetadataException("only https URLs are fetched: " + uri);
    }
    if (uri.getRawUserInfo() != null) {
      throw new ClientMetadataException("URLs with user info are refused: " + uri);
    }
    String host = uri.getHost();
    String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bareHost);
    } catch (UnknownHostException e) {
      throw new ClientMetadataException("unknown host " + host, e);
    }
    if (addresses.length == 0) {
      throw new ClientMetadataException("unknown host " + host);
    }
    for (InetAddress a : addresses) {
      if (!allowed.test(a)) {
        throw new ClientMetadataException(
            host + " resolves to " + a.getHostAddress() + ", which is not a public address");
      }
    }
    int port = uri.getPort() == -1 ? 443 : uri.getPort();
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(addresses[0], port), remainingMillis(deadline));
      try (SSLSocket socket = (SSLSocket) tls.createSocket(plain, bareHost, port, true)) {
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (Character.isLetter(bareHost.charAt(bareHost.length() - 1))) {
          params.setServerNames(List.of(new SNIHostName(bareHost)));
        }
        socket.setSSLParameters(params);
        socket.setSoTimeout(remainingMillis(deadline));
        socket.startHandshake();
        String path =
            uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
          path += "?" + uri.getRawQuery();
        }
        String hostHeader = uri.getPort() == -1 ? host : host + ":" + port;
        OutputStream out = socket.getOutputStream();
        out.write(
            ("GET "
                    + path
                    + " HTTP/1.1\r\nHost: "
                    + hostHeader
                    + "\r\nAccept: application/json\r\nUser-Agent: mcp-spawner\r\n"
                    + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try {
          return read(socket, deadline);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
          // Whatever slipped past the checks in read is still the host's malformed answer.
          throw new ClientMetadataException("malformed response from " + uri, e);
        }
      }
    } catch (SocketTimeoutException e) {
      throw new ClientMetadataException("timed out fetching " + uri, e);
    } catch (IOException e) {
      throw new ClientMetadataException("cannot fetch " + uri + ": " + e.getMessage(), e);
    }
  }

  private Raw read(Socket socket, long deadline) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      socket.setSoTimeout(remainingMillis(deadline));
      int c = in.read();
      if (c < 0) {
        throw new ClientMetadataException("connection closed in the response headers");
      }
      head.write(c);
      if (head.size() > MAX_HEADER_BYTES) {
        throw new ClientMetadataException("response headers too large");
      }
      matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2
        || !statusLine[0].matches("HTTP/1\\.[01]")
        || !statusLine[1].matches("[1-5][0-9][0-9]")) {
      throw new ClientMetadataException("not an HTTP response");
    }
    int status = Integer.parseInt(statusLine[1]);
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    if (status != 200) {
      return new Raw(status, headers, new byte[0]);
    }
    String length = headers.get("content-length");
    if (length != null && !length.matches("[0-9]{1,18}")) {
      throw new ClientMetadataException("malformed Content-Length");
    }
    if (length != null && Long.parseLong(length) > maxBodyBytes) {
      throw new ClientMetadataException("document larger than " + maxBodyBytes + " bytes");
    }
    byte[] raw = readLimited(socket, in, deadline, maxBodyBytes * 2 + 1024);
    byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(raw) : raw;
    if (body.length > maxBodyBytes) {
      throw new ClientMetadataException("document larger than " + maxBodyBytes + " bytes");
    }
    return new Raw(status, headers, body);
  }

  private byte[] readLimited(Socket socket, InputStream in, long deadline, int limit)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (true) {
      socket.setSoTimeout(remainingMillis(deadline));
      int n = in.read(buf);
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buf, 0, n);
      if (out.size() > limit) {
        throw new ClientMetadataException("document larger than " + maxBodyBytes + " bytes");
      }
    }
  }

  private static byte[] dechunk(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < raw.length) {
      int eol = indexOfCrlf(raw, i);
      if (eol < 0) {
        throw new ClientMetadataException("malformed chunked body");
      }
      String line = new String(raw, i, eol - i, StandardCharsets.US_ASCII);
      String sizeText = line.indexOf(';') < 0 ? line : line.substring(0, line.indexOf(';'));
      // Hex digits only (RFC 9112 7.1): no sign, no 0x, no spaces; more than 7 is past any limit.
      if (!sizeText.matches("[0-9a-fA-F]{1,7}")) {
        throw new ClientMetadataException("malformed chunk size");
      }
      int size = Integer.parseInt(sizeText, 16);
      i = eol + 2;
      if (size == 0) {
        break;
      }
      if (size > raw.length - i - 2) {
        throw new ClientMetadataException("truncated chunked body");
      }
      if (raw[i + size] != '\r' || raw[i + size + 1] != '\n') {
        throw new ClientMetadataException("malformed chunked body");
      }
      out.write(raw, i, size);
      i += size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int remainingMillis(long deadline) {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new ClientMetadataException("timed out");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }
}
