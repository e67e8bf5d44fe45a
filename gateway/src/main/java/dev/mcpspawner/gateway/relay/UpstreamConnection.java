package dev.mcpspawner.gateway.relay;

import dev.mcpspawner.contracts.McpHeaders;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/**
 * One keep-alive HTTP/1.1 connection to a runner, carrying one exchange at a time on the calling
 * (virtual) thread: the request is written with one blocking write, the response is read with
 * blocking reads and framed by Jetty's {@link HttpParser} (status, headers, Content-Length, chunked
 * and close-delimited bodies).
 *
 * <p>Blocking reads on a virtual thread park it until the JDK's poller sees bytes; there is no
 * selector thread to hand the response over from, which is where the gateway's CPU per relayed call
 * went with an asynchronous client (docs/benchmarks/gateway.md).
 */
final class UpstreamConnection implements HttpParser.ResponseHandler, AutoCloseable {
  private static final int BUFFER_BYTES = 16 * 1024;
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  final String destination;
  private final SocketChannel channel;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final HttpParser parser = new HttpParser(this, MAX_HEAD_BYTES);
  private final byte[] bytes = new byte[BUFFER_BYTES];

  /** Bytes read and not yet parsed: [position, limit) of {@link #bytes}. */
  private final ByteBuffer buffer = ByteBuffer.wrap(bytes).limit(0);

  private int status;
  private HttpVersion version;
  static final String SESSION_HEADER = McpHeaders.SESSION_ID;

  private String contentType;
  private String sessionId;
  private long contentLength;
  private boolean closeAfter;
  private boolean headDone;
  private boolean complete;
  private String failure;
  private boolean eof;

  /** Content the parser handed over that the reader has not taken yet (a slice of the buffer). */
  private ByteBuffer content;

  /** When the connection was last given back to the pool. */
  long idleSince;

  private UpstreamConnection(String destination, SocketChannel channel) throws IOException {
    this.destination = destination;
    this.channel = channel;
    this.socket = channel.socket();
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  static UpstreamConnection open(String host, int port, String destination, Duration connect)
      throws IOException {
    // A channel rather than a plain Socket only so that a pooled connection can be probed without
    // blocking (stillOpen); reads and writes go through its blocking socket streams as before.
    SocketChannel channel = SocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.socket().connect(new InetSocketAddress(host, port), (int) connect.toMillis());
      return new UpstreamConnection(destination, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Whether a pooled connection can carry a request: a read that does not wait finds neither the
   * runner's hang-up (end of stream, a reset) nor bytes nobody asked for. Asked before the request
   * is written, because once it is written the runner may have acted on it and it is never sent
   * again.
   */
  boolean stillOpen() {
    if (!channel.isOpen() || buffer.hasRemaining()) {
      return false;
    }
    try {
      channel.configureBlocking(false);
      try {
        return channel.read(ByteBuffer.allocate(1)) == 0;
      } finally {
        channel.configureBlocking(true);
      }
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes one request: its head and body in a single write when they are small. When this throws,
   * the runner cannot have the whole request (a write that fails leaves the rest unsent).
   */
  void send(byte[] head, byte[] body) throws IOException {
    status = 0;
    version = null;
    contentType = null;
    sessionId = null;
    contentLength = -1;
    closeAfter = false;
    headDone = false;
    complete = false;
    failure = null;
    content = null;
    if (body == null || body.length == 0) {
      out.write(head);
    } else if (head.length + body.length <= BUFFER_BYTES * 4) {
      byte[] all = new byte[head.length + body.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(body, 0, all, head.length, body.length);
      out.write(all);
    } else {
      out.write(head);
      out.write(body);
    }
  }

  /** Reads until the response head is in, waiting no longer than {@code deadline} overall. */
  void readHead(long deadline) throws IOException {
    while (!headDone) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("no response head in time");
      }
      advance(Math.max(1, left / 1_000_000));
    }
  }

  int status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  long contentLength() {
    return contentLength;
  }

  /** The {@code Mcp-Session-Id} the upstream gave, or null (a runner never gives one). */
  String sessionId() {
    return sessionId;
  }

  /**
   * The response body; {@code release} gets the connection back once the body has been read to its
   * end and the connection can carry another exchange. Closing the stream before then closes the
   * connection, which is how a request to the runner is cancelled.
   */
  InputStream body(Duration idleTimeout, Consumer<UpstreamConnection> release) {
    int idleMillis = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
    return new InputStream() {
      private boolean done;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] into, int offset, int length) throws IOException {
        if (done) {
          return -1;
        }
        if (length == 0) {
          return 0;
        }
        while (true) {
          if (content != null && content.hasRemaining()) {
            int n = Math.min(length, content.remaining());
            content.get(into, offset, n);
            return n;
          }
          content = null;
          if (complete) {
            finish();
            return -1;
          }
          advance(idleMillis);
        }
      }

      @Override
      public void close() {
        if (!done) {
          done = true;
          UpstreamConnection.this.close(); // cut short: the runner sees its request cancelled
        }
      }

      private void finish() {
        done = true;
        if (reusable()) {
          release.accept(UpstreamConnection.this);
        } else {
          UpstreamConnection.this.close();
        }
      }
    };
  }

  /**
   * Parses what is buffered; when that produces nothing, reads more (waiting up to the timeout).
   */
  private void advance(long timeoutMillis) throws IOException {
    if (parser.parseNext(buffer)) {
      check();
      return;
    }
    check();
    if (eof) {
      throw new EOFException("the runner closed the connection");
    }
    if (buffer.position() > 0) {
      buffer.compact().flip();
    }
    int limit = buffer.limit();
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
    int n = in.read(bytes, limit, bytes.length - limit);
    if (n < 0) {
      eof = true;
      parser.atEOF();
    } else {
      buffer.limit(limit + n);
    }
  }

  private void check() throws IOException {
    if (failure != null) {
      throw new IOException(failure);
    }
  }

  private boolean reusable() {
    return complete
        && !closeAfter
        && !eof
        && version == HttpVersion.HTTP_1_1
        && !buffer.hasRemaining()
        && !socket.isClosed();
  }

  /** Ready for the next exchange. */
  void recycle() {
    parser.reset();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closed either way
    }
  }

  // HttpParser.ResponseHandler: returning true stops the parser so the reader can act.

  @Override
  public void startResponse(HttpVersion version, int status, String reason) {
    this.version = version;
    this.status = status;
  }

  @Override
  public void parsedHeader(HttpField field) {
    HttpHeader header = field.getHeader();
    if (header == HttpHeader.CONTENT_TYPE) {
      contentType = field.getValue();
    } else if (header == HttpHeader.CONTENT_LENGTH) {
      contentLength = field.getLongValue();
    } else if (field.is(SESSION_HEADER)) {
      sessionId = field.getValue();
    } else if (header == HttpHeader.CONNECTION
        && field.contains(HttpHeaderValue.CLOSE.asString())) {
      closeAfter = true;
    }
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
    failure = "the runner closed the connection in the middle of a response";
  }

  @Override
  public void badMessage(HttpException e) {
    failure = "the runner sent a malformed response: " + e.getReason();
  }
}
