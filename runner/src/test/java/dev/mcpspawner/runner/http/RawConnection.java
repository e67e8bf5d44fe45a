package dev.mcpspawner.runner.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A loopback socket to a {@link PlainHttpServer}, written and read as bytes, for what an HTTP
 * client would never send. Every read is bounded, so a server that keeps the connection open when
 * it should not fails the test instead of hanging it.
 */
final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawConnection(PlainHttpServer server) throws IOException {
    socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String bytes) throws IOException {
    send(bytes.getBytes(StandardCharsets.ISO_8859_1));
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Tells the server no more requests come (a half close), so it closes once it answered all. */
  void endOfRequests() throws IOException {
    socket.shutdownOutput();
  }

  /** One response with a Content-Length body (what the test handlers send), or null at its end. */
  Response readResponse() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c;
      try {
        c = in.read();
      } catch (SocketException e) {
        c = -1; // a reset: closed too
      }
      if (c < 0) {
        if (head.isEmpty()) {
          return null;
        }
        throw new IOException("closed in the middle of a response head: " + head);
      }
      head.append((char) c);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    String body = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    if (head.indexOf("HTTP/1.1 100 ") == 0) {
      return readResponse(); // an interim answer: the response follows
    }
    return new Response(Integer.parseInt(head.substring(9, 12)), head.toString(), body);
  }

  /**
   * Whether the server has closed the connection: it reads until the end of the stream (or a
   * reset), and anything else that arrives first (another response) means it did not.
   */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException e) {
      return true;
    }
  }

  /** Whatever arrives until the server closes (a reset counts as closed). */
  String readUntilClosed() throws IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  record Response(int status, String head, String body) {}
}
