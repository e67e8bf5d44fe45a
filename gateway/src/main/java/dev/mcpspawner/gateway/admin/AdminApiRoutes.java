package dev.mcpspawner.gateway.admin;

import static dev.mcpspawner.gateway.audit.AuditLog.fields;

import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.gateway.audit.AuditLog;
import dev.mcpspawner.gateway.auth.Authenticator;
import dev.mcpspawner.gateway.auth.Principal;
import dev.mcpspawner.gateway.credentials.CredentialOverview;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /admin/api}: users, sessions (with a debug view), servers and usage, for members of the
 * admin groups only; described by {@code /admin/api/openapi.json}. HTTP in and out only: the rules
 * are in {@link UserAdmin}, {@link SessionInspector}, {@link ServerOverview} and {@link
 * UsageReport}.
 */
public final class AdminApiRoutes {
  public static final String BASE = "/admin/api";
  static final String OPENAPI_RESOURCE = "/admin/openapi.json";

  /** One route of the API. */
  public record Route(String method, String path) {}

  private interface AdminHandler {
    void handle(Context ctx, Principal admin);
  }

  private record Endpoint(HandlerType method, String path, AdminHandler handler) {}

  private final Authenticator authenticator;
  private final Set<String> adminGroups;
  private final AuditLog audit;
  private final AdminJson json;
  private final String openApi;
  private final List<Endpoint> endpoints = new ArrayList<>();

  public AdminApiRoutes(
      Authenticator authenticator,
      Set<String> adminGroups,
      UserAdmin users,
      SessionInspector sessions,
      ServerOverview servers,
      UsageReport usage,
      CredentialOverview credentials,
      UserEvents userEvents,
      AuditLog audit) {
    this.authenticator = authenticator;
    this.adminGroups = Set.copyOf(adminGroups);
    this.audit = audit;
    this.json = new AdminJson();
    this.openApi = resource(OPENAPI_RESOURCE);

    get("/openapi.json", (ctx, admin) -> ctx.contentType("application/json").result(openApi));
    get("/overview", (ctx, admin) -> send(ctx, 200, usage.overview(servers)));

    get(
        "/users",
        (ctx, admin) ->
            send(
                ctx,
                200,
                users.list(bool(ctx.queryParam("disabled")), ctx.queryParam("search"), page(ctx))));
    add(
        HandlerType.POST,
        "/users",
        (ctx, admin) -> {
          UserView made = users.create(json.read(ctx.body()));
          audit.record("admin_user_created", admin, fields("user", made.name()));
          userEvents.record(users.find(made.name()), "AdminCreated", admin, "created");
          ctx.header("Location", BASE + "/users/" + made.name());
          send(ctx, 201, made);
        });
    get("/users/{name}", (ctx, admin) -> send(ctx, 200, users.get(ctx.pathParam("name"))));
    add(
        HandlerType.PATCH,
        "/users/{name}",
        (ctx, admin) -> {
          var body = json.read(ctx.body());
          UserView changed = users.update(ctx.pathParam("name"), body);
          audit.record(
              "admin_user_updated",
              admin,
              fields("user", changed.name(), "fields", fieldNames(body)));
          userEvents.record(
              users.find(changed.name()), "AdminUpdated", admin, "changed " + changes(body));
          send(ctx, 200, changed);
        });
    add(
        HandlerType.POST,
        "/users/{name}/revoke",
        (ctx, admin) -> {
          UserView changed = users.revoke(ctx.pathParam("name"));
          audit.record("admin_user_revoked", admin, fields("user", changed.name()));
          userEvents.record(
              users.find(changed.name()), "AdminRevoked", admin, "sign-ins before now revoked");
          send(ctx, 200, changed);
        });
    add(
        HandlerType.DELETE,
        "/users/{name}",
        (ctx, admin) -> {
          McpUser before = users.find(ctx.pathParam("name"));
          UserAdmin.Deleted deleted = users.delete(ctx.pathParam("name"));
          userEvents.record(
              before,
              "AdminDeleted",
              admin,
              "deleted with " + deleted.sessionsEnded().size() + " sessions");
          audit.record(
              "admin_user_deleted",
              admin,
              fields("user", deleted.name(), "sessions", deleted.sessionsEnded().size()));
          send(ctx, 200, deleted);
        });

    // Which credentials a user set (names and dates, never values), and removing one.
    get(
        "/users/{name}/credentials",
        (ctx, admin) ->
            send(
                ctx,
                200,
                java.util.Map.of(
                    "servers", credentials.of(users.get(ctx.pathParam("name")).name()))));
    add(
        HandlerType.DELETE,
        "/users/{name}/credentials/{server}/{credential}",
        (ctx, admin) -> {
          String user = users.get(ctx.pathParam("name")).name();
          String server = ctx.pathParam("server");
          String credential = ctx.pathParam("credential");
          boolean removed =
              credentials
                  .delete(user, server, credential)
                  .orElseThrow(
                      () ->
                          AdminRequestException.notFound(
                              "server " + server + " declares no credential " + credential));
          if (!removed) {
            throw AdminRequestException.notFound(user + " has not set " + credential);
          }
          audit.record(
              "admin_credential_deleted",
              admin,
              fields("user", user, "server", server, "credential", credential));
          userEvents.record(
              users.find(user),
              "AdminCredentialRemoved",
              admin,
              "credential " + credential + " of " + server + " removed");
          ctx.status(204);
        });

    get(
        "/users/{name}/events",
        (ctx, admin) ->
            send(
                ctx,
                200,
                java.util.Map.of(
                    "items",
                    userEvents.recent(users.find(ctx.pathParam("name")).getMetadata().getName()))));

    get(
        "/sessions",
        (ctx, admin) ->
            send(
                ctx,
                200,
                sessions.list(
                    new SessionInspector.Filter(
                        ctx.queryParam("user"),
                        ctx.queryParam("server"),
                        ctx.queryParam("phase"),
                        ctx.queryParam("client")),
                    page(ctx))));
    get("/sessions/{id}", (ctx, admin) -> send(ctx, 200, sessions.get(ctx.pathParam("id"))));
    add(
        HandlerType.DELETE,
        "/sessions/{id}",
        (ctx, admin) -> {
          String id = ctx.pathParam("id");
          sessions.end(id);
          audit.record("session_ended", admin, fields("session", id, "by", "admin-api"));
          ctx.status(204);
        });

    get("/servers", (ctx, admin) -> send(ctx, 200, servers.list()));
    get(
        "/usage/users",
        (ctx, admin) ->
            send(ctx, 200, usage.users(UsageReport.window(ctx.queryParam("window")), page(ctx))));
    get(
        "/usage/servers",
        (ctx, admin) ->
            send(ctx, 200, usage.servers(UsageReport.window(ctx.queryParam("window")))));
    get(
        "/usage/timeline",
        (ctx, admin) ->
            send(
                ctx,
                200,
                usage.timeline(
                    UsageReport.window(ctx.queryParam("window")), ctx.queryParam("server"))));
  }

  /** Every route, as registered. */
  public List<Route> routes() {
    return endpoints.stream().map(e -> new Route(e.method().name(), e.path())).toList();
  }

  public void register(RoutesConfig routes) {
    for (Endpoint e : endpoints) {
      routes.addHttpHandler(
          e.method(),
          e.path(),
          ctx -> {
            Principal admin = authenticator.authenticate(ctx.header("Authorization"));
            if (!admin.isInAny(adminGroups)) {
              audit.record("admin_forbidden", admin, fields("path", ctx.path()));
              throw new NotAdminException();
            }
            ctx.header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
            e.handler().handle(ctx, admin);
          });
    }
  }

  private void get(String path, AdminHandler handler) {
    add(HandlerType.GET, path, handler);
  }

  private void add(HandlerType method, String path, AdminHandler handler) {
    endpoints.add(new Endpoint(method, BASE + path, handler));
  }

  private void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(json.write(body));
  }

  private static PageRequest page(Context ctx) {
    return PageRequest.of(ctx.queryParam("limit"), ctx.queryParam("continue"));
  }

  private static Boolean bool(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return switch (value) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw AdminRequestException.badRequest("disabled must be true or false");
    };
  }

  /** The fields changed; for {@code disabled}, which way (never the values of the others). */
  private static String changes(com.fasterxml.jackson.databind.JsonNode body) {
    List<String> names = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            f ->
                names.add(
                    f.equals("disabled") && body.get(f).isBoolean()
                        ? (body.get(f).asBoolean() ? "disabled=true" : "disabled=false")
                        : f));
    return String.join(", ", names);
  }

  private static String fieldNames(com.fasterxml.jackson.databind.JsonNode body) {
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    return String.join(",", names);
  }

  public static String resource(String path) {
    try (InputStream in = AdminApiRoutes.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
