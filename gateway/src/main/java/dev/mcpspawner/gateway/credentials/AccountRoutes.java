package dev.mcpspawner.gateway.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.Credential;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.audit.AuditLog;
import dev.mcpspawner.gateway.auth.Authenticator;
import dev.mcpspawner.gateway.auth.Principal;
import dev.mcpspawner.gateway.mcp.BodyLimit;
import dev.mcpspawner.gateway.session.ServerCatalog;
import dev.mcpspawner.gateway.session.ServerForbiddenException;
import dev.mcpspawner.gateway.session.ServerNotFoundException;
import dev.mcpspawner.gateway.session.SessionRouter;
import dev.mcpspawner.gateway.user.UserDirectory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code /account/api/credentials}: a signed-in user lists, sets and deletes their own credentials
 * (JSON, for API-key users and scripts; the path names no user, so nobody reaches another's). A
 * value travels only in a request body and is never sent back.
 */
public record AccountRoutes(
    Authenticator authenticator,
    SessionRouter router,
    ServerCatalog servers,
    UserDirectory users,
    CredentialStore store,
    AuditLog audit,
    ObjectMapper json) {
  /** The largest credential value accepted (a long token or a small key file). */
  static final int MAX_VALUE_CHARS = 8192;

  public void register(RoutesConfig routes) {
    routes.get("/account/api/credentials", this::list);
    routes.put("/account/api/credentials/{server}/{name}", this::put);
    routes.delete("/account/api/credentials/{server}/{name}", this::delete);
  }

  private void list(Context ctx) {
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    String slug = Names.userSlug(principal.userId());
    List<Map<String, Object>> out = new ArrayList<>();
    for (McpServer server : servers.list()) {
      String name = server.getMetadata().getName();
      List<Credential> declared =
          server.getSpec() == null ? List.of() : server.getSpec().getCredentials();
      if (declared.isEmpty() || !mayUse(principal, name)) {
        continue;
      }
      Map<String, String> set = store.setAt(slug, name);
      List<Map<String, Object>> credentials = new ArrayList<>();
      for (Credential c : declared) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", c.getName());
        entry.put("description", c.getDescription());
        entry.put("required", c.isRequired());
        entry.put("set", set.containsKey(c.getName()));
        entry.put("setAt", set.get(c.getName()));
        credentials.add(entry);
      }
      out.add(Map.of("server", name, "credentials", credentials));
    }
    ctx.json(Map.of("servers", out));
  }

  private void put(Context ctx) throws IOException {
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    Credential credential = declared(principal, ctx);
    byte[] body =
        BodyLimit.read(
            ctx.req().getInputStream(), ctx.req().getContentLengthLong(), MAX_VALUE_CHARS * 4L);
    String value = value(body, credential);
    McpUser owner =
        users
            .current(principal.userId())
            .orElseThrow(
                () ->
                    new BadCredentialException(
                        "your user record is not ready yet; try again in a moment"));
    store.set(owner, ctx.pathParam("server"), credential.getName(), value);
    audit.record(
        "credential_set",
        principal,
        AuditLog.fields("server", ctx.pathParam("server"), "credential", credential.getName()));
    ctx.status(204);
  }

  private void delete(Context ctx) {
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    Credential credential = declared(principal, ctx);
    boolean removed =
        store.delete(
            Names.userSlug(principal.userId()), ctx.pathParam("server"), credential.getName());
    audit.record(
        "credential_deleted",
        principal,
        AuditLog.fields("server", ctx.pathParam("server"), "credential", credential.getName()));
    ctx.status(removed ? 204 : 404);
  }

  /** The credential the path names, of a server the caller may use; anything else is 4xx. */
  private Credential declared(Principal principal, Context ctx) {
    String server = ctx.pathParam("server");
    String name = ctx.pathParam("name");
    if (!Names.isDnsLabel(server) || !name.matches(Credential.NAME_PATTERN)) {
      throw new BadCredentialException("not a server and credential name: " + server + "/" + name);
    }
    router.checkServer(principal, server);
    McpServer entry = servers.get(server);
    return entry.getSpec().getCredentials().stream()
        .filter(c -> name.equals(c.getName()))
        .findFirst()
        .orElseThrow(() -> new ServerNotFoundException(server + " declares no credential " + name));
  }

  private String value(byte[] body, Credential credential) {
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (IOException e) {
      throw new BadCredentialException("the body must be JSON: {\"value\": \"...\"}");
    }
    JsonNode value = node == null ? null : node.get("value");
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new BadCredentialException("the body must be JSON: {\"value\": \"...\"}");
    }
    String text = value.asText();
    if (text.length() > MAX_VALUE_CHARS) {
      throw new BadCredentialException(
          "the value is longer than " + MAX_VALUE_CHARS + " characters");
    }
    if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
      throw new BadCredentialException("the value holds control characters");
    }
    if (credential.getPattern() != null && !credential.getPattern().isBlank()) {
      boolean matches;
      try {
        matches = Pattern.compile(credential.getPattern()).matcher(text).matches();
      } catch (PatternSyntaxException e) {
        matches = false; // the server's pattern is broken: refuse rather than store unchecked
      }
      if (!matches) {
        throw new BadCredentialException(credential.getName() + " does not have the expected form");
      }
    }
    return text;
  }

  private boolean mayUse(Principal principal, String server) {
    try {
      router.checkServer(principal, server);
      return true;
    } catch (ServerForbiddenException | ServerNotFoundException e) {
      return false;
    }
  }
}
