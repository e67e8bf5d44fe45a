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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/**
 * One keep-alive connection of {@link PlainHttpServer}: requests in order, one at a time, on the
 * connection's own thread. Requests are framed by Jetty's {@link HttpParser} with no leniency
 * beyond RFC 9110/9112: any framing error is a 400 and the end of the connection, so the bytes
 * behind a malformed request are never read as another request (request smuggling).
 */
final class PlainHttpConnection implements HttpParser.RequestHandler {
  private static final int MAX_HEAD = 64 * 1024;
  private static final int BUFFER_BYTES = 16 * 1024;

  /** Unread request body the server still reads so the client sees the answer, not a reset. */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  /** {@link #deadline} while no read is blocked on the socket. */
  private static final long NO_DEADLINE = Long.MIN_VALUE;

  private final Socket socket;
  private final PlainHttpServer server;
  private final long firstRequestNanos;
  private final long headNanos;
  private final long idleNanos;
  private final HttpParser parser = new HttpParser(this, MAX_HEAD, HttpCompliance.RFC9110);
  private final byte[] bytes = new byte[BUFFER_BYTES];

  /** Bytes read and not yet parsed: [position, limit) of {@link #bytes}. */
  private final ByteBuffer buffer = ByteBuffer.wrap(bytes).limit(0);

  private InputStream in;
  private OutputStream out;

  /**
   * {@link System#nanoTime} by which the read now blocked on the socket must have returned, else
   * {@link #NO_DEADLINE}. The server's sweeper closes a connection past it: a socket timeout would
   * do the same, but makes every read a non-blocking read, a poll and another read.
   */
  private volatile long deadline = NO_DEADLINE;

  /** Whether a request was answered on this connection: then waiting is idling, not lurking. */
  private boolean served;

  // What the parser said about the current request; reset before each.
  private String method;
  private String target;
  private HttpVersion version;
  private Headers headers;
  private boolean headDone;
  private boolean complete;
  private boolean eof;

  /** The status a malformed request gets (400, or 431 for a head too large), else 0. */
  private int malformed;

  /** Body bytes the parser handed over that the handler has not read yet (a slice of buffer). */
  private ByteBuffer content;

  /**
   * The connection's next one-byte read, started while a handler still runs so that the client's
   * hang-up is seen at once (see {@link ClientDeparture}); null when no such read is under way.
   * Completes with the byte, or -1 at the end of the stream.
   */
  private CompletableFuture<Integer> earlyRead;

  PlainHttpConnection(Socket socket, PlainHttpServer server, ConnectionLimits limits) {
    this.socket = socket;
    this.server = server;
    this.firstRequestNanos = limits.firstRequestTimeout().toNanos();
    this.headNanos = limits.requestHeadTimeout().toNanos();
    this.idleNanos = limits.idleTimeout().toNanos();
  }

  void serve() {
    try (socket) {
      in = socket.getInputStream();
      out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES);
      while (!server.isStopped()) {
        Exchange exchange = readRequest();
        if (exchange == null) {
          return;
        }
        server.exchangeStarted();
        try {
          HttpHandler handler = server.route(exchange.uri.getPath());
          boolean handled = false;
          try {
            if (handler == null) {
              exchange.sendResponseHeaders(404, -1);
            } else {
              handler.handle(exchange);
            }
            handled = true;
          } finally {
            if (!handled) {
              exchange.closeAfter = true; // what the handler left half done cannot be resumed
            }
            exchange.close(); // answers for a failed handler: 400 for a malformed body, else 500
          }
        } finally {
          server.exchangeFinished();
        }
        served = true;
        if (!exchange.keepAlive()) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or the handler failed: the connection ends
    } finally {
      server.closed(this);
    }
  }

  /** Whether a read is still blocked on the socket past its deadline. */
  boolean pastDeadline(long now) {
    long d = deadline;
    return d != NO_DEADLINE && now - d > 0;
  }

  void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /**
   * Parses what is buffered; when that gives the reader nothing, reads more, blocking until {@code
   * until} at the latest (then the sweeper closes the socket and the read fails).
   */
  private void advance(long until) throws IOException {
    if (parser.parseNext(buffer) || malformed != 0 || eof) {
      return;
    }
    if (buffer.position() > 0) {
      buffer.compact().flip();
    }
    int end = buffer.limit();
    if (end == bytes.length) {
      malformed = 431; // the parser keeps what it parsed, so this is not reached below MAX_HEAD
      return;
    }
    deadline = until;
    int n;
    try {
      n = earlyRead != null ? takeEarlyRead(end) : in.read(bytes, end, bytes.length - end);
    } finally {
      deadline = NO_DEADLINE;
    }
    if (n < 0) {
      eof = true;
      parser.atEOF();
      parser.parseNext(buffer);
    } else {
      buffer.limit(end + n);
    }
  }

  /** Waits for the read a handler started (the sweeper's close ends it past the deadline). */
  private int takeEarlyRead(int end) throws IOException {
    CompletableFuture<Integer> read = earlyRead;
    earlyRead = null;
    int b;
    try {
      b = read.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    if (b < 0) {
      return -1;
    }
    bytes[end] = (byte) b;
    return 1;
  }

  /** The next request, its head read and checked; null when the connection is to end. */
  private Exchange readRequest() throws IOException {
    parser.reset();
    method = target = null;
    version = null;
    headers = new Headers();
    headDone = complete = false;
    content = null;
    long headDeadline = NO_DEADLINE;
    while (!headDone) {
      if (malformed != 0) {
        refuse(malformed);
        return null;
      }
      if (eof) {
        return null; // between requests: the client's goodbye (mid-head it is malformed above)
      }
      long now = System.nanoTime();
      if (headDeadline == NO_DEADLINE && (buffer.hasRemaining() || !parser.isStart())) {
        headDeadline = now + headNanos; // from the head's first byte, however slowly the rest come
      }
      advance(
          headDeadline != NO_DEADLINE
              ? headDeadline
              : now + (served ? idleNanos : firstRequestNanos));
    }
    if (malformed != 0 || !framedPlainly()) {
      refuse(malformed != 0 ? malformed : 400);
      return null;
    }
    URI uri;
    try {
      uri = URI.create(target);
    } catch (IllegalArgumentException e) {
      refuse(400);
      return null;
    }
    return new Exchange(method, uri, version.asString(), headers, hasBody());
  }

  /**
   * What the parser accepts and the runner still refuses: a version other than HTTP/1.0 or 1.1, and
   * any transfer coding but a lone {@code chunked} (the parser takes {@code gzip, chunked} and
   * would hand the handler compressed bytes as the body).
   */
  private boolean framedPlainly() {
    if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
      return false;
    }
    List<String> codings = headers.get("Transfer-Encoding");
    return codings == null
        || (version == HttpVersion.HTTP_1_1
            && codings.size() == 1
            && codings.get(0).equalsIgnoreCase("chunked"));
  }

  private boolean hasBody() {
    return parser.isChunking() || parser.getContentLength() > 0;
  }

  /** Answers a malformed request and ends the connection. */
  private void refuse(int status) {
    String reason = status == 431 ? "Request Header Fields Too Large" : "Bad Request";
    try {
      writeRaw(
          "HTTP/1.1 "
              + status
              + " "
              + reason
              + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      socket.shutdownOutput(); // the answer goes out before the close, not lost to a reset
    } catch (IOException e) {
      // the client is gone
    }
  }

  private void writeRaw(String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  // HttpParser.RequestHandler: returning true stops the parser so the reader can act.

  @Override
  public void startRequest(String method, String target, HttpVersion version) {
    this.method = method;
    this.target = target;
    this.version = version;
  }

  @Override
  public void parsedHeader(HttpField field) {
    String value = field.getValue();
    headers.add(field.getName(), value == null ? "" : value);
  }

  @Override
  public boolean headerComplete() {
    headDone = true;
    return true;
  }

  @Override
  public boolean content(ByteBuffer slice) {
    content = slice;
    return true;
  }

  @Override
  public boolean contentComplete() {
    return false;
  }

  @Override
  public boolean messageComplete() {
    complete = true;
    return true;
  }

  @Override
  public void earlyEOF() {
    // A request cut short, or (the parser says this too) a framing error inside its body.
    malformed = 400;
  }

  @Override
  public void badMessage(HttpException e) {
    malformed = e.getCode() == 431 ? 431 : 400;
  }

  /** One request and its response, as an {@link HttpExchange} for ordinary handlers. */
  private final class Exchange extends HttpExchange implements ClientDeparture {
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
    private volatile boolean closed;

    Exchange(String method, URI uri, String protocol, Headers requestHeaders, boolean hasBody) {
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
          new RequestBody(hasBody, expect != null && expect.equalsIgnoreCase("100-continue"));
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
      if (code == 401 || malformed != 0) {
        // Nothing behind an unauthenticated or malformed request is worth reading.
        closeAfter = true;
      }
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
    public void whenClientLeaves(Runnable action) {
      if (earlyRead != null) {
        return; // one watch per exchange
      }
      try {
        if (!body.drain(DRAIN_LIMIT)) {
          return; // the body is not all read, so the next byte is not the client's next word
        }
      } catch (IOException e) {
        action.run();
        return;
      }
      if (eof) {
        action.run();
        return;
      }
      CompletableFuture<Integer> read = new CompletableFuture<>();
      earlyRead = read;
      Thread.ofVirtual()
          .name("http-departure")
          .start(
              () -> {
                int b;
                try {
                  b = in.read();
                } catch (IOException e) {
                  read.completeExceptionally(e);
                  b = -1;
                }
                if (b >= 0) {
                  read.complete(b); // a pipelined request: the client is still there
                  return;
                }
                read.complete(-1);
                if (!closed) {
                  action.run();
                }
              });
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (status < 0) {
          sendResponseHeaders(malformed != 0 ? malformed : 500, -1);
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

  /** The request body as the parser frames it; answers 100 Continue when first read. */
  private final class RequestBody extends InputStream {
    private final boolean hasBody;
    private final boolean expectContinue;
    private boolean continued;

    RequestBody(boolean hasBody, boolean expectContinue) {
      this.hasBody = hasBody;
      this.expectContinue = expectContinue;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (hasBody && expectContinue && !continued) {
        continued = true;
        writeRaw("HTTP/1.1 100 Continue\r\n\r\n");
      }
      while (true) {
        if (content != null && content.hasRemaining()) {
          int n = Math.min(len, content.remaining());
          content.get(b, off, n);
          return n;
        }
        content = null;
        if (complete) {
          return -1;
        }
        if (malformed != 0) {
          throw new IOException("malformed request body");
        }
        if (eof) {
          throw new IOException("connection closed mid-body");
        }
        advance(System.nanoTime() + idleNanos);
      }
    }

    /** Reads what is left (up to {@code limit}) so the connection can carry the next request. */
    boolean drain(long limit) throws IOException {
      if (complete) {
        return true;
      }
      if (hasBody && expectContinue && !continued) {
        return false; // the client is waiting to send it; just close
      }
      byte[] buf = new byte[8192];
      long total = 0;
      while (!complete && total <= limit) {
        int n = read(buf, 0, buf.length);
        if (n < 0) {
          break;
        }
        total += n;
      }
      return complete;
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
