package dev.mcpspawner.runner.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code /healthz} (the server process is alive) and {@code /readyz} (it answered initialize). */
public final class HealthEndpoints implements HttpHandler {
  private final BooleanSupplier check;

  private HealthEndpoints(BooleanSupplier check) {
    this.check = check;
  }

  public static HttpHandler of(BooleanSupplier check) {
    return new HealthEndpoints(check);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      boolean ok = check.getAsBoolean();
      byte[] body = (ok ? "ok\n" : "unavailable\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(ok ? 200 : 503, -1);
        return;
      }
      exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
