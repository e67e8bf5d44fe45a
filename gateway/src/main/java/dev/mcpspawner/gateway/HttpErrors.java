package dev.mcpspawner.gateway;

import static dev.mcpspawner.gateway.audit.AuditLog.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.gateway.admin.AdminApiRoutes;
import dev.mcpspawner.gateway.admin.AdminRequestException;
import dev.mcpspawner.gateway.admin.NotAdminException;
import dev.mcpspawner.gateway.audit.AuditLog;
import dev.mcpspawner.gateway.auth.NotAuthenticatedException;
import dev.mcpspawner.gateway.auth.Principal;
import dev.mcpspawner.gateway.auth.TokenRevokedException;
import dev.mcpspawner.gateway.credentials.BadCredentialException;
import dev.mcpspawner.gateway.credentials.CredentialMissingException;
import dev.mcpspawner.gateway.mcp.BadMcpRequestException;
import dev.mcpspawner.gateway.mcp.MalformedBodyException;
import dev.mcpspawner.gateway.mcp.McpRoutes;
import dev.mcpspawner.gateway.ops.GatewayMetrics;
import dev.mcpspawner.gateway.ops.ServerUsage;
import dev.mcpspawner.gateway.ops.UserUsage;
import dev.mcpspawner.gateway.relay.UpstreamException;
import dev.mcpspawner.gateway.session.QuotaExceededException;
import dev.mcpspawner.gateway.session.ServerForbiddenException;
import dev.mcpspawner.gateway.session.ServerNotFoundException;
import dev.mcpspawner.gateway.session.SessionNotFoundException;
import dev.mcpspawner.gateway.session.SpawnFailedException;
import dev.mcpspawner.gateway.user.RateLimitedException;
import dev.mcpspawner.gateway.user.UserDisabledException;
import dev.mcpspawner.oauth.metadata.BearerChallenge;
import dev.mcpspawner.oauth.verify.InsufficientScopeException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place domain exceptions become HTTP. MCP paths answer with a JSON-RPC error body (with
 * the request's id when there is one); the admin API with an RFC 9457 problem ({@code
 * application/problem+json}); other paths with {@code {"error": …}}.
 *
 * <p>A session that cannot start and a runner that does not answer are JSON-RPC errors on HTTP 200
 * when the request had an id, so that MCP clients show the reason instead of a transport failure;
 * without an id they are 503/504.
 */
final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  /** Reasons of a Failed McpSession that the operator refused rather than failed to start. */
  private static final String QUOTA_EXCEEDED = "QuotaExceeded";

  private static final String USER_DISABLED = "UserDisabled";

  private final ObjectMapper json;
  private final AuditLog audit;
  private final String publicUrl;
  private final GatewayMetrics metrics;
  private final UserUsage userUsage;
  private final ServerUsage serverUsage;

  HttpErrors(ObjectMapper json, AuditLog audit, String publicUrl, GatewayMetrics metrics) {
    this(json, audit, publicUrl, metrics, null, null);
  }

  /**
   * @param userUsage where a refusal of a known user is also counted for them, or null
   * @param serverUsage where a refusal of a caller without an McpUser is counted, on the server the
   *     request was for, or null
   */
  HttpErrors(
      ObjectMapper json,
      AuditLog audit,
      String publicUrl,
      GatewayMetrics metrics,
      UserUsage userUsage,
      ServerUsage serverUsage) {
    this.json = json;
    this.audit = audit;
    this.metrics = metrics;
    this.userUsage = userUsage;
    this.serverUsage = serverUsage;
    this.publicUrl = publicUrl == null ? null : publicUrl.replaceAll("/+$", "");
  }

  /**
   * The {@code WWW-Authenticate} value: with a public URL it points at the protected-resource
   * metadata (RFC 9728), path-suffixed with {@code /mcp/<server>} on every route of one server
   * (Streamable HTTP and the legacy SSE routes) so clients ask for a token bound to that server.
   */
  private String challenge(Context ctx, String error, String scope) {
    BearerChallenge challenge;
    if (publicUrl == null) {
      challenge = BearerChallenge.withRealm("mcp-spawner");
    } else {
      String server = ctx.pathParamMap().get("server");
      String suffix = server != null ? "/mcp/" + server : "";
      challenge =
          BearerChallenge.withResourceMetadata(
              publicUrl + "/.well-known/oauth-protected-resource" + suffix);
    }
    return challenge.param("error", error).param("scope", scope).toString();
  }

  void register(RoutesConfig routes) {
    routes.exception(
        NotAuthenticatedException.class,
        (e, ctx) -> {
          if (e instanceof TokenRevokedException revoked) {
            audit.record("token_revoked", revoked.principal(), authFields(ctx, e));
            metrics.refused("revoked");
            countRefusal(ctx, revoked.principal(), UserUsage.Count.REVOKED_REFUSAL);
          } else {
            audit.record("auth_failed", null, authFields(ctx, e));
            metrics.refused("auth");
            if (serverUsage != null) {
              serverUsage.refused(ctx.pathParamMap().get("server"), ServerUsage.Refusal.AUTH);
            }
          }
          ctx.header(
              "WWW-Authenticate",
              challenge(ctx, e.credentialsPresented() ? "invalid_token" : null, null));
          respond(ctx, 401, JsonRpcErrors.INVALID_REQUEST, "Unauthorized: " + e.getMessage());
        });
    routes.exception(
        InsufficientScopeException.class,
        (e, ctx) -> {
          audit.record(
              "insufficient_scope",
              null,
              fields("scope", e.requiredScope(), "path", ctx.path(), "remote", ctx.ip()));
          ctx.header("WWW-Authenticate", challenge(ctx, "insufficient_scope", e.requiredScope()));
          forbidden(ctx, e.getMessage());
        });
    routes.exception(
        OriginRejectedException.class,
        (e, ctx) -> {
          audit.record("origin_rejected", null, fields("origin", ctx.header("Origin")));
          forbidden(ctx, "origin not allowed");
        });
    routes.exception(
        UserDisabledException.class,
        (e, ctx) -> {
          audit.record("user_disabled", e.principal(), fields("path", ctx.path()));
          refuseDisabled(ctx, e.principal(), e.getMessage());
        });
    routes.exception(
        RateLimitedException.class,
        (e, ctx) -> {
          audit.record(
              "rate_limited",
              e.principal(),
              fields("path", ctx.path(), "retryAfter", e.retryAfterSeconds()));
          metrics.refused("rate_limit");
          countRefusal(ctx, e.principal(), UserUsage.Count.RATE_REFUSAL);
          ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
          respond(ctx, 429, JsonRpcErrors.INVALID_REQUEST, e.getMessage());
        });
    routes.exception(QuotaExceededException.class, (e, ctx) -> refuseQuota(ctx, e.getMessage()));
    routes.exception(
        CredentialMissingException.class,
        (e, ctx) -> {
          audit.record(
              "credential_missing",
              principal(ctx),
              fields("server", ctx.attribute(McpRoutes.ATTR_SERVER)));
          // With an id, on 200 like a session that cannot start: clients show the message.
          respond(ctx, hasId(ctx) ? 200 : 409, JsonRpcErrors.INVALID_REQUEST, e.getMessage());
        });
    routes.exception(
        BadCredentialException.class,
        (e, ctx) -> respond(ctx, 400, JsonRpcErrors.INVALID_REQUEST, e.getMessage()));
    routes.exception(NotAdminException.class, (e, ctx) -> forbidden(ctx, e.getMessage()));
    routes.exception(
        AdminRequestException.class,
        (e, ctx) ->
            respond(ctx, e.problem().status(), JsonRpcErrors.INVALID_REQUEST, e.getMessage()));
    routes.exception(
        ServerNotFoundException.class,
        (e, ctx) -> respond(ctx, 404, JsonRpcErrors.INVALID_REQUEST, e.getMessage()));
    routes.exception(
        ServerForbiddenException.class,
        (e, ctx) -> {
          audit.record(
              "server_forbidden",
              principal(ctx),
              fields("server", ctx.pathParamMap().get("server")));
          respond(ctx, 403, JsonRpcErrors.INVALID_REQUEST, e.getMessage());
        });
    routes.exception(
        SessionNotFoundException.class,
        (e, ctx) -> {
          audit.record(
              "session_not_found",
              principal(ctx),
              fields("path", ctx.path(), "method", ctx.method().name()));
          respond(ctx, 404, JsonRpcErrors.INVALID_REQUEST, e.getMessage());
        });
    routes.exception(
        MalformedBodyException.class,
        (e, ctx) -> {
          ctx.header("Connection", "close");
          respond(ctx, e.status(), e.code(), e.getMessage());
        });
    routes.exception(
        BadMcpRequestException.class,
        (e, ctx) -> respond(ctx, e.status(), e.code(), e.getMessage()));
    routes.exception(
        SpawnFailedException.class,
        (e, ctx) -> {
          if (QUOTA_EXCEEDED.equals(e.reason())) {
            // The operator refused it (another replica won the race): the same answer as here.
            refuseQuota(ctx, e.getMessage());
            return;
          }
          if (USER_DISABLED.equals(e.reason())) {
            refuseDisabled(ctx, principal(ctx), e.getMessage());
            return;
          }
          audit.record(
              "spawn_failed",
              principal(ctx),
              fields("server", ctx.attribute(McpRoutes.ATTR_SERVER), "reason", e.getMessage()));
          respond(
              ctx,
              hasId(ctx) ? 200 : 503,
              JsonRpcErrors.SERVER_UNAVAILABLE,
              "Session could not start: " + e.getMessage());
        });
    routes.exception(
        UpstreamException.class,
        (e, ctx) ->
            respond(
                ctx,
                hasId(ctx) ? 200 : e.isTimeout() ? 504 : 502,
                e.isTimeout() ? JsonRpcErrors.INTERNAL_ERROR : JsonRpcErrors.SERVER_UNAVAILABLE,
                e.getMessage()));
    routes.exception(
        DrainingException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", "1");
          respond(ctx, 503, JsonRpcErrors.SERVER_UNAVAILABLE, e.getMessage());
        });
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          if (MalformedBodyException.isFraming(e)) {
            // Bad bytes from the client, read somewhere other than BodyLimit: no stack trace.
            ctx.header("Connection", "close");
            respond(ctx, 400, JsonRpcErrors.INVALID_REQUEST, "Malformed request");
            return;
          }
          LOG.error("request failed: {} {}", ctx.method(), ctx.path(), e);
          respond(ctx, 500, JsonRpcErrors.INTERNAL_ERROR, "Internal error");
        });
  }

  /** The audit fields of a refused credential. */
  private static Map<String, Object> authFields(Context ctx, Exception e) {
    return fields("reason", e.getMessage(), "path", ctx.path(), "remote", ctx.ip());
  }

  /** A session refused for the user's quota, by the gateway or (racing) by the operator. */
  private void refuseQuota(Context ctx, String reason) {
    audit.record(
        "quota_exceeded",
        principal(ctx),
        fields("server", ctx.attribute(McpRoutes.ATTR_SERVER), "reason", reason));
    metrics.refused("quota");
    countRefusal(ctx, principal(ctx), UserUsage.Count.QUOTA_REFUSAL);
    respond(ctx, 429, JsonRpcErrors.INVALID_REQUEST, "Quota reached: " + reason);
  }

  /** A disabled user's request, counted and refused (audited by the caller where it is). */
  private void refuseDisabled(Context ctx, Principal principal, String message) {
    metrics.refused("user_disabled");
    countRefusal(ctx, principal, UserUsage.Count.DISABLED_REFUSAL);
    forbidden(ctx, message);
  }

  private void forbidden(Context ctx, String message) {
    respond(ctx, 403, JsonRpcErrors.INVALID_REQUEST, "Forbidden: " + message);
  }

  /** MCP endpoints, including the legacy HTTP+SSE ones, answer in JSON-RPC. */
  private static boolean isMcp(String path) {
    return path.startsWith("/mcp/") || path.endsWith("/sse") || path.endsWith("/messages");
  }

  /**
   * Counts a refusal for the caller's McpUser; a caller without one (its McpUser not created or not
   * cached yet) is counted on the server the request was for, quota and rate limit only: a disabled
   * or revoked caller has an McpUser by definition.
   */
  private void countRefusal(Context ctx, Principal principal, UserUsage.Count reason) {
    boolean counted =
        userUsage != null && principal != null && userUsage.refused(principal.userId(), reason);
    ServerUsage.Refusal onServer =
        switch (reason) {
          case QUOTA_REFUSAL -> ServerUsage.Refusal.QUOTA;
          case RATE_REFUSAL -> ServerUsage.Refusal.RATE;
          default -> null;
        };
    if (!counted && serverUsage != null && onServer != null) {
      serverUsage.refused(ctx.pathParamMap().get("server"), onServer);
    }
  }

  private static Principal principal(Context ctx) {
    return ctx.attribute(McpRoutes.ATTR_PRINCIPAL);
  }

  private static boolean hasId(Context ctx) {
    return ctx.attribute(McpRoutes.ATTR_ID) != null;
  }

  private void respond(Context ctx, int status, int code, String message) {
    if (ctx.res().isCommitted()) {
      return; // a stream already started; nothing more can be said on it
    }
    ObjectNode body = json.createObjectNode();
    if (ctx.path().startsWith(AdminApiRoutes.BASE + "/")) {
      HttpStatus reason = HttpStatus.forStatus(status);
      body.put("type", "about:blank")
          .put("title", reason == HttpStatus.UNKNOWN ? "Error" : reason.getMessage())
          .put("status", status)
          .put("detail", message)
          .put("instance", ctx.path());
      ctx.status(status).contentType("application/problem+json").result(body.toString());
      return;
    }
    if (isMcp(ctx.path())) {
      body.put("jsonrpc", "2.0");
      JsonNode id = ctx.attribute(McpRoutes.ATTR_ID);
      body.set("id", id);
      body.putObject("error").put("code", code).put("message", message);
    } else {
      body.put("error", message);
    }
    ctx.status(status).contentType("application/json").result(body.toString());
  }
}
