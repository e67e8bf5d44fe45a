package dev.mcpspawner.oauth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.oauth.BuiltinAuthorizationServer;
import dev.mcpspawner.oauth.OAuthSettings;
import dev.mcpspawner.oauth.client.SafeFetcher;
import dev.mcpspawner.oauth.login.LocalUsers;
import dev.mcpspawner.oauth.login.UpstreamOidc;
import dev.mcpspawner.oauth.verify.AccessTokenVerifier;
import dev.mcpspawner.oauth.verify.InsufficientScopeException;
import dev.mcpspawner.oauth.verify.InvalidTokenException;
import dev.mcpspawner.oauth.verify.RevocationCheck;
import dev.mcpspawner.oauth.verify.VerifiedToken;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;

/**
 * What the gateway will be, minus sessions: the built-in authorization server's routes plus a
 * protected MCP endpoint at {@code /mcp/{server}} that echoes who called it. Loopback only.
 */
public final class TestAuthServer implements AutoCloseable {
  public static final String PASSWORD = "correct horse battery staple";
  private static final String USERS_YAML =
      "users:\n  - username: alice\n    bcrypt: '%s'\n    name: Alice Example\n"
          + "    email: alice@example.com\n    groups: [engineering]\n";
  private static String aliceHash;

  private final ObjectMapper json = new ObjectMapper();
  private final BuiltinAuthorizationServer as;
  private final AccessTokenVerifier verifier;
  private final Javalin app;
  private final String url;
  private final List<String> auditEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.Map<String, java.time.Instant> tokensNotBefore =
      new java.util.concurrent.ConcurrentHashMap<>();

  public TestAuthServer(
      KubernetesClient client, UpstreamOidc upstream, SafeFetcher fetcher, Clock clock) {
    int port = freePort();
    this.url = "http://127.0.0.1:" + port;
    this.as =
        new BuiltinAuthorizationServer(
                client,
                TestingApi.NAMESPACE,
                OAuthSettings.defaults(url).withAllowLoopbackClientMetadata(true),
                localUsers(),
                upstream,
                fetcher,
                clock,
                (event, user, clientId, fields) ->
                    auditEvents.add(event + " " + user + " " + clientId),
                this::tokensNotBefore)
            .start();
    this.verifier = as.verifier(RevocationCheck.userCutoff(this::tokensNotBefore));
    this.app =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.jetty.host = "127.0.0.1";
                  cfg.jetty.port = port;
                  as.register(cfg.routes);
                  cfg.routes.post("/mcp/{server}", this::mcp);
                  cfg.routes.get("/mcp/{server}", ctx -> ctx.status(405));
                  cfg.routes.get(
                      "/client/callback",
                      ctx ->
                          ctx.contentType("text/html")
                              .result(
                                  "<!doctype html><title>Client</title><h1 id=\"done\">Signed in:"
                                      + " code received</h1>"));
                })
            .start();
  }

  public static synchronized LocalUsers localUsers() {
    if (aliceHash == null) {
      aliceHash = LocalUsers.hash(PASSWORD);
    }
    return LocalUsers.parse(USERS_YAML.formatted(aliceHash).getBytes());
  }

  /** As an administrator setting {@code McpUser.tokensNotBefore}: older tokens are refused. */
  public void revokeTokensBefore(String userId, java.time.Instant cutoff) {
    tokensNotBefore.put(userId, cutoff);
  }

  private java.util.Optional<java.time.Instant> tokensNotBefore(String userId) {
    return java.util.Optional.ofNullable(tokensNotBefore.get(userId));
  }

  /** Audit events so far, as "event user client". */
  public List<String> auditEvents() {
    return auditEvents;
  }

  public String url() {
    return url;
  }

  public BuiltinAuthorizationServer authorizationServer() {
    return as;
  }

  private void mcp(Context ctx) throws IOException {
    String server = ctx.pathParam("server");
    VerifiedToken token;
    try {
      token = verifier.verify(ctx.header("Authorization"), server);
      AccessTokenVerifier.requireScope(token, OAuthSettings.SCOPE_MCP);
    } catch (InvalidTokenException | InsufficientScopeException e) {
      ctx.header("WWW-Authenticate", verifier.challenge(server, e, OAuthSettings.SCOPE_MCP))
          .status(e instanceof InsufficientScopeException ? 403 : 401)
          .contentType("application/json")
          .result("{\"error\":\"" + e.getMessage() + "\"}");
      return;
    }
    JsonNode req = json.readTree(ctx.body());
    if (!req.has("id")) {
      ctx.status(202);
      return;
    }
    ObjectNode res = json.createObjectNode().put("jsonrpc", "2.0");
    res.set("id", req.get("id"));
    String method = req.path("method").asText();
    ObjectNode result = res.putObject("result");
    switch (method) {
      case "initialize" -> {
        result.put(
            "protocolVersion", req.path("params").path("protocolVersion").asText("2025-06-18"));
        result.putObject("capabilities").putObject("tools");
        result.putObject("serverInfo").put("name", "echo").put("version", "1.0.0");
      }
      case "tools/list" -> {
        ObjectNode tool = result.putArray("tools").addObject();
        tool.put("name", "echo").put("description", "Echoes a message and who sent it");
        ObjectNode schema = tool.putObject("inputSchema").put("type", "object");
        schema.putObject("properties").putObject("message").put("type", "string");
      }
      case "tools/call" -> {
        String msg = req.path("params").path("arguments").path("message").asText();
        result
            .putArray("content")
            .addObject()
            .put("type", "text")
            .put(
                "text",
                msg
                    + " | user="
                    + token.userId()
                    + " client="
                    + token.clientId()
                    + " groups="
                    + List.copyOf(token.groups())
                    + " aud="
                    + token.audience());
      }
      default -> {
        res.remove("result");
        res.putObject("error").put("code", -32601).put("message", "no such method");
      }
    }
    ctx.contentType("application/json").result(json.writeValueAsString(res));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    app.stop();
    as.close();
  }
}
