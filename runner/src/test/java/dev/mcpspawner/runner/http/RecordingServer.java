package dev.mcpspawner.runner.http;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PlainHttpServer} whose handlers note every request they run: {@code /echo} answers with
 * the body it read, {@code /protected} answers 401 without reading the body, as {@code /mcp} does
 * without a token. What a test asserts was never executed is a request to {@code /smuggled}.
 */
final class RecordingServer implements AutoCloseable {
  final PlainHttpServer server;
  private final List<String> executed = new CopyOnWriteArrayList<>();

  RecordingServer(ConnectionLimits limits) throws IOException {
    HttpHandler echo =
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          executed.add(exchange.getRequestURI().getPath()); // acted upon once the body is whole
          exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        };
    HttpHandler protectedRoute =
        exchange -> {
          executed.add(exchange.getRequestURI().getPath());
          exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
        };
    server =
        PlainHttpServer.start(
            "127.0.0.1",
            0,
            Map.of("/echo", echo, "/smuggled", echo, "/protected", protectedRoute),
            limits);
  }

  RecordingServer() throws IOException {
    this(ConnectionLimits.DEFAULT);
  }

  /** The paths of the requests handlers ran, in order. */
  List<String> executed() {
    return List.copyOf(executed);
  }

  RawConnection connect() throws IOException {
    return new RawConnection(server);
  }

  static String smuggledRequest() {
    return "POST /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\nhi";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
