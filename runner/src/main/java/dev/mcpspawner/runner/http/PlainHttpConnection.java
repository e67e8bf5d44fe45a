package dev.mcpspawner.runner.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One keep-alive connection of {@link PlainHttpServer}: requests in order, one at a time. */
final class PlainHttpConnection {
  private static final int MAX_HEAD = 64 * 1024;

  /** Unread request body the server still reads so the client sees the answer, not a reset. */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  /** {@link #readingSince} while no read is blocked on the socket. */
  private static final long NOT_READING = Long.MIN_VALUE;

  private final Socket socket;
  private final PlainHttpServer server;
  private InputStream in;
  private OutputStream out;

  /**
   * What was read off the socket and not consumed yet: {@code buf[pos, limit)}. The request head is
   * parsed here; a body is read through it and, once it is empty, straight off the socket.
   */
  private byte[] buf = new byte[16 * 1024];

  private int pos;
  private int limit;

  /**
   * {@link System#nanoTime} when the read now blocked on the socket started, else {@link
   * #NOT_READING}. The server's sweeper closes a connection whose read has waited longer than the
   * idle timeout: a socket timeout would do the same, but makes every read a non-blocking read, a
   * poll and another read.
   */
  private volatile long readingSince = NOT_READING;

  PlainHttpConnection(Socket socket, PlainHttpServer server) {
    this.socket = socket;
    this.server = server;
  }

  void serve() {
    try (socket) {
      in = socket.getInputStream();
      out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
      while (!server.isStopped()) {
        Exchange exchange = readRequest();
        if (exchange == null) {
          return;
        }
        server.exchangeStarted();
        try {
          HttpHandler handler = server.route(exchange.uri.getPath());
          if (handler == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            handler.handle(exchange);
          }
          exchange.close();
        } finally {
          server.exchangeFinished();
        }
        if (!exchange.keepAlive()) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or sent something that is not HTTP: the connection ends
    } finally {
      server.closed(this);
    }
  }

  /** Whether a read has been waiting on the socket for longer than {@code timeoutNanos}. */
  boolean idleLongerThan(long timeoutNanos, long now) {
    long since = readingSince;
    return since != NOT_READING && now - since > timeoutNanos;
  }

  void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** One blocking read off the socket, watched by the idle sweeper. */
  private int readSocket(byte[] b, int off, int len) throws IOException {
    readingSince = System.nanoTime();
    try {
      return in.read(b, off, len);
    } finally {
      readingSince = NOT_READING;
    }
  }

  /** Reads more into {@link #buf}, making room first; false at end of stream. */
  private boolean fill() throws IOException {
    if (pos == limit) {
      pos = limit = 0;
    } else if (limit == buf.length) {
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
      } else {
        buf = Arrays.copyOf(buf, buf.length * 2); // one long head line; bounded by MAX_HEAD
      }
    }
    int n = readSocket(buf, limit, buf.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  private Exchange readRequest() throws IOException {
    String requestLine = readLine(true);
    if (requestLine == null) {
      return null;
    }
    if (requestLine.isEmpty()) {
      requestLine = readLine(true); // tolerate a stray CRLF between requests
      if (requestLine == null) {
        return null;
      }
    }
    // method SP request-target SP HTTP-version, nothing else
    int sp1 = requestLine.indexOf(' ');
    int sp2 = sp1 <= 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp2 <= sp1 + 1
        || requestLine.indexOf(' ', sp2 + 1) >= 0
        || !requestLine.startsWith("HTTP/1.", sp2 + 1)) {
      writeRaw("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return null;
    }
    Headers headers = new Headers();
    int headBytes = requestLine.length();
    for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
      headBytes += line.length();
      int colon = line.indexOf(':');
      if (headBytes > MAX_HEAD || colon <= 0) {
        writeRaw(
            "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return null;
      }
      headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    long framing = bodyFraming(headers);
    if (framing == AMBIGUOUS) {
      writeRaw("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return null;
    }
    return new Exchange(
        requestLine.substring(0, sp1),
        URI.create(requestLine.substring(sp1 + 1, sp2)),
        requestLine.substring(sp2 + 1),
        headers,
        framing);
  }

  /** {@link #bodyFraming}: the body is chunked. */
  static final long CHUNKED = -1;

  /** {@link #bodyFraming}: the head does not say one thing about the body's length. */
  static final long AMBIGUOUS = -2;

  /**
   * How the body's length is told, told one way only (RFC 9112 §6.3): {@code Transfer-Encoding:
   * chunked} alone ({@link #CHUNKED}), or one plain decimal {@code Content-Length} (repeats must be
   * equal), or neither (0). Anything else is how request smuggling starts, so it is {@link
   * #AMBIGUOUS} and the connection ends instead of guessing.
   */
  static long bodyFraming(Headers headers) {
    List<String> codings = headers.get("Transfer-Encoding");
    List<String> lengths = headers.get("Content-Length");
    if (codings != null) {
      return lengths == null
              && codings.size() == 1
              && codings.get(0).trim().equalsIgnoreCase("chunked")
          ? CHUNKED
          : AMBIGUOUS;
    }
    if (lengths == null) {
      return 0;
    }
    String first = lengths.get(0).trim();
    if (first.isEmpty() || first.length() > 18) {
      return AMBIGUOUS;
    }
    long length = 0;
    for (int i = 0; i < first.length(); i++) {
      char c = first.charAt(i);
      if (c < '0' || c > '9') {
        return AMBIGUOUS;
      }
      length = length * 10 + (c - '0');
    }
    for (int i = 1; i < lengths.size(); i++) {
      if (!lengths.get(i).trim().equals(first)) {
        return AMBIGUOUS;
      }
    }
    return length;
  }

  /** A header or request line in ISO-8859-1; null at a clean end of stream. */
  private String readLine(boolean eofAllowed) throws IOException {
    int scanned = 0; // bytes after pos already searched for the line's end
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buf[i] == '\n') {
          int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          pos = i + 1;
          return line;
        }
      }
      scanned = limit - pos;
      if (scanned > MAX_HEAD) {
        throw new IOException("header line too long");
      }
      if (!fill()) {
        if (eofAllowed && limit == pos) {
          return null;
        }
        throw new IOException("connection closed mid-request");
      }
    }
  }

  /** Request body bytes: what is buffered first, then straight off the socket. */
  private int readBody(byte[] b, int off, int len) throws IOException {
    if (pos < limit) {
      int n = Math.min(len, limit - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }
    return readSocket(b, off, len);
  }

  private void writeRaw(String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** One request and its response, as an {@link HttpExchange} for ordinary handlers. */
  private final class Exchange extends HttpExchange {
    private final String method;
    private final URI uri;
    private final String protocol;
    private final Headers requestHeaders;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final RequestBody body;
    private OutputStream responseBody;
    private int status = -1;
    private boolean chunked;
    private boolean closeAfter;
    private boolean closed;

    Exchange(String method, URI uri, String protocol, Headers requestHeaders, long framing) {
      this.method = method;
      this.uri = uri;
      this.protocol = protocol;
      this.requestHeaders = requestHeaders;
      String connection = requestHeaders.getFirst("Connection");
      this.closeAfter =
          "HTTP/1.0".equals(protocol)
              || (connection != null && connection.toLowerCase(Locale.ROOT).contains("close"));
      String expect = requestHeaders.getFirst("Expect");
      this.body =
          new RequestBody(framing, expect != null && expect.equalsIgnoreCase("100-continue"));
    }

    boolean keepAlive() {
      return !closeAfter;
    }

    @Override
    public Headers getRequestHeaders() {
      return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
      return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
      return uri;
    }

    @Override
    public String getRequestMethod() {
      return method;
    }

    @Override
    public HttpContext getHttpContext() {
      return null;
    }

    @Override
    public InputStream getRequestBody() {
      return body;
    }

    @Override
    public OutputStream getResponseBody() {
      if (responseBody == null) {
        throw new IllegalStateException("sendResponseHeaders first");
      }
      return responseBody;
    }

    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
      if (status >= 0) {
        throw new IOException("headers already sent");
      }
      status = code;
      StringBuilder head = new StringBuilder(128);
      head.append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
      for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
        for (String v : h.getValue()) {
          head.append(h.getKey()).append(": ").append(v).append("\r\n");
        }
      }
      if (length > 0) {
        head.append("Content-Length: ").append(length).append("\r\n");
        responseBody = new FixedBody(out);
      } else if (length == 0) {
        chunked = true;
        head.append("Transfer-Encoding: chunked\r\n");
        responseBody = new ChunkedBody(out);
      } else {
        head.append("Content-Length: 0\r\n");
        responseBody = new FixedBody(out);
      }
      if (closeAfter || server.isStopped()) {
        closeAfter = true;
        head.append("Connection: close\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (length == -1 || chunked) {
        out.flush();
      }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    @Override
    public int getResponseCode() {
      return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public String getProtocol() {
      return protocol;
    }

    @Override
    public Object getAttribute(String name) {
      return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
      throw new UnsupportedOperationException();
    }

    @Override
    public HttpPrincipal getPrincipal() {
      return null;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (status < 0) {
          sendResponseHeaders(500, -1);
        }
        if (chunked) {
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        if (!closeAfter && !body.drain(DRAIN_LIMIT)) {
          closeAfter = true;
        }
      } catch (IOException e) {
        closeAfter = true;
      }
      if (closeAfter) {
        PlainHttpConnection.this.close();
      }
    }
  }

  /** The request body: Content-Length or chunked; answers 100 Continue when first read. */
  private final class RequestBody extends InputStream {
    private final boolean chunked;
    private final boolean expectContinue;
    private long remaining; // of the body (Content-Length) or of the current chunk
    private boolean done;
    private boolean continued;

    /** {@code framing}: {@link #CHUNKED} or the Content-Length, from {@link #bodyFraming}. */
    RequestBody(long framing, boolean expectContinue) {
      this.chunked = framing == CHUNKED;
      if (!chunked) {
        remaining = framing;
        done = remaining == 0;
      }
      this.expectContinue = expectContinue;
    }

    private void startReading() throws IOException {
      if (expectContinue && !continued) {
        continued = true;
        writeRaw("HTTP/1.1 100 Continue\r\n\r\n");
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      startReading();
      if (chunked && remaining == 0) {
        String size = readLine(false);
        int semicolon = size.indexOf(';');
        remaining =
            Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (remaining == 0) {
          for (String trailer = readLine(false); !trailer.isEmpty(); trailer = readLine(false)) {
            // trailers are ignored
          }
          done = true;
          return -1;
        }
      }
      int n = readBody(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new IOException("connection closed mid-body");
      }
      remaining -= n;
      if (remaining == 0) {
        if (chunked) {
          readLine(false); // the CRLF after the chunk
        } else {
          done = true;
        }
      }
      return n;
    }

    /** Reads what is left (up to {@code limit}) so the connection can carry the next request. */
    boolean drain(long limit) throws IOException {
      if (done) {
        return true;
      }
      if (expectContinue && !continued) {
        return false; // the client is waiting to send it; just close
      }
      byte[] buf = new byte[8192];
      long total = 0;
      while (!done && total <= limit) {
        int n = read(buf, 0, buf.length);
        if (n < 0) {
          break;
        }
        total += n;
      }
      return done;
    }
  }

  /** A response body of known length, written through the connection's buffer. */
  private static final class FixedBody extends OutputStream {
    private final OutputStream out;

    FixedBody(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() {
      // the exchange ends the response
    }
  }

  /** A chunked response body: every write is a chunk, every flush reaches the client. */
  private static final class ChunkedBody extends OutputStream {
    private final OutputStream out;

    ChunkedBody(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(b, off, len);
      out.write('\r');
      out.write('\n');
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() {
      // the exchange ends the response
    }
  }

  private static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 413 -> "Content Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }
}
