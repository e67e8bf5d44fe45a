package dev.mcpspawner.runner.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal blocking HTTP/1.1 client on one keep-alive connection, so the benchmark measures the
 * bridges rather than an HTTP client's machinery. Handles Content-Length and chunked bodies.
 */
final class PlainHttpClient implements AutoCloseable {
  record Response(int status, Map<String, String> headers, String body) {}

  private final URI uri;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  PlainHttpClient(URI uri) {
    this.uri = uri;
  }

  Response post(String body, Map<String, String> extraHeaders) throws IOException {
    if (socket == null) {
      socket = new Socket(uri.getHost(), uri.getPort());
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(60_000); // a stuck bridge fails the run instead of hanging it
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = socket.getOutputStream();
    }
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
    head.append("Content-Type: application/json\r\n");
    head.append("Accept: application/json, text/event-stream\r\n");
    extraHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[h.length + payload.length];
    System.arraycopy(h, 0, request, 0, h.length);
    System.arraycopy(payload, 0, request, h.length, payload.length);
    out.write(request);
    out.flush();
    return read();
  }

  private Response read() throws IOException {
    String status = line();
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        int size = Integer.parseInt(line().split(";")[0].trim(), 16);
        if (size == 0) {
          line();
          break;
        }
        body.write(in.readNBytes(size));
        line();
      }
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if (code != 202 && code != 204) {
      body.write(in.readAllBytes()); // until close
      close();
    }
    if ("close".equalsIgnoreCase(headers.get("connection"))) {
      close();
    }
    return new Response(code, headers, body.toString(StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    if (c == -1 && sb.isEmpty()) {
      throw new IOException("connection closed");
    }
    return sb.toString();
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    socket = null;
  }
}
