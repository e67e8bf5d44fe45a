package dev.mcpspawner.gateway.session;

import dev.mcpspawner.crds.Access;
import dev.mcpspawner.crds.ClientInfo;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionSpec;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.gateway.auth.Principal;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds or creates the sandbox for a request (DESIGN §3, §5): one McpSession per stateful protocol
 * session, one per (user, server, client) for stateless clients. Knows nothing of HTTP.
 */
public final class SessionRouter {
  private final SessionStore sessions;
  private final ServerCatalog servers;
  private final RunnerTokens tokens;
  private final SessionAdmission admission;
  private final Duration spawnTimeout;
  private final Timer spawnWait;

  public SessionRouter(
      SessionStore sessions,
      ServerCatalog servers,
      RunnerTokens tokens,
      SessionAdmission admission,
      Duration spawnTimeout,
      Timer spawnWait) {
    this.sessions = sessions;
    this.servers = servers;
    this.tokens = tokens;
    this.admission = admission;
    this.spawnTimeout = spawnTimeout;
    this.spawnWait = spawnWait;
  }

  /**
   * Throws unless {@code server} is in the catalog and the principal may use it: the servers their
   * key or sign-in allows, and the server's own {@code access} list (users, groups).
   */
  public void checkServer(Principal principal, String server) {
    allowed(principal, server);
  }

  private McpServer allowed(Principal principal, String server) {
    McpServer entry = Names.isDnsLabel(server) ? servers.get(server) : null;
    if (entry == null) {
      throw new ServerNotFoundException(server);
    }
    Access access = entry.getSpec() == null ? null : entry.getSpec().getAccess();
    if (!principal.mayUse(server)
        || (access != null && !access.allows(principal.userId(), principal.groups()))) {
      throw new ServerForbiddenException(server);
    }
    return entry;
  }

  /** A new stateful session for {@code initialize}: created, then awaited until Ready. */
  public Sandbox startStateful(Principal principal, String server, ClientInfo client) {
    return startStateful(principal, server, client, Map.of());
  }

  /** As above, with annotations the session carries from its creation on. */
  public Sandbox startStateful(
      Principal principal, String server, ClientInfo client, Map<String, String> annotations) {
    admission.checkNewSession(principal, allowed(principal, server));
    String name = Names.newSessionName();
    McpSession session = newSession(name, principal, server, client, name);
    if (!annotations.isEmpty()) {
      session.getMetadata().setAnnotations(new HashMap<>(annotations));
    }
    sessions.create(session);
    return awaitOrDiscard(name);
  }

  /** The caller's own stateful session by id; anything else is {@link SessionNotFoundException}. */
  public Sandbox resumeStateful(Principal principal, String server, String sessionId) {
    McpSession session = ownSession(principal, sessionId);
    if (!server.equals(session.getSpec().getServer())
        || !sessionId.equals(session.getSpec().getInstance())) {
      throw new SessionNotFoundException();
    }
    SessionPhase phase = phaseOf(session);
    if (phase == SessionPhase.Failed || phase == SessionPhase.Terminating || isDeleting(session)) {
      throw new SessionNotFoundException();
    }
    return phase == SessionPhase.Ready ? sandboxOf(session) : await(sessionId);
  }

  /**
   * The stateless sandbox of (user, server, client identity), created on first use. Concurrent
   * first requests converge on one object: the name is deterministic and a 409 means "use it".
   */
  public Sandbox statelessSandbox(Principal principal, String server, ClientInfo client) {
    String name = Names.statelessSessionName(principal.userId(), server, principal.clientId());
    McpSession existing = sessions.find(name).orElse(null);
    if (existing != null && !principal.userId().equals(existing.getSpec().getUser())) {
      throw new SessionNotFoundException(); // a hash collision; never hand it out
    }
    if (existing != null) {
      SessionPhase phase = phaseOf(existing);
      if (phase == SessionPhase.Ready) {
        return sandboxOf(existing);
      }
      if (phase == SessionPhase.Failed) {
        // Report why once and clear the way: the next request starts a fresh sandbox.
        sessions.delete(name);
        throw new SpawnFailedException(
            SessionStore.failureText(existing), existing.getStatus().getReason());
      }
      return await(name);
    }
    admission.checkNewSession(principal, allowed(principal, server));
    try {
      sessions.create(newSession(name, principal, server, client, principal.clientId()));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    return await(name);
  }

  /**
   * An annotation of the caller's own stateful session of {@code server}; anything else is {@link
   * SessionNotFoundException}, as for {@link #resumeStateful}.
   */
  public Optional<String> annotation(
      Principal principal, String server, String sessionId, String key) {
    McpSession session = ownSession(principal, sessionId);
    if (!server.equals(session.getSpec().getServer())) {
      throw new SessionNotFoundException();
    }
    var annotations = session.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(key));
  }

  /** Ends the caller's own session (client DELETE or admin API). */
  public void end(Principal principal, String sessionId) {
    ownSession(principal, sessionId);
    discard(sessionId);
  }

  /**
   * The sandbox again, after its runner refused the token the gateway sent: the runner key is read
   * afresh (it was replaced) and the token computed again with the session. A runner checks its
   * token before it reads a request, so the refused request never ran and may be sent once more.
   */
  public Sandbox reauthorize(Sandbox refused) {
    tokens.reload();
    McpSession session = sessions.find(refused.name()).orElseThrow(SessionNotFoundException::new);
    if (phaseOf(session) != SessionPhase.Ready || isDeleting(session)) {
      throw new SessionNotFoundException();
    }
    return sandboxOf(session);
  }

  /** Deletes a session the gateway gave up on, or one that ended. */
  public void discard(String sessionId) {
    sessions.delete(sessionId);
  }

  private McpSession ownSession(Principal principal, String sessionId) {
    if (!Names.isSessionName(sessionId)) {
      throw new SessionNotFoundException();
    }
    McpSession session = sessions.find(sessionId).orElseThrow(SessionNotFoundException::new);
    if (session.getSpec() == null || !principal.userId().equals(session.getSpec().getUser())) {
      throw new SessionNotFoundException();
    }
    return session;
  }

  private Sandbox awaitOrDiscard(String name) {
    try {
      return await(name);
    } catch (RuntimeException e) {
      discard(name);
      throw e;
    }
  }

  private Sandbox await(String name) {
    long start = System.nanoTime();
    try {
      return sandboxOf(sessions.awaitReady(name, spawnTimeout));
    } finally {
      spawnWait.record(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private Sandbox sandboxOf(McpSession session) {
    String name = session.getMetadata().getName();
    URI endpoint;
    try {
      endpoint = URI.create(session.getStatus().getEndpoint());
    } catch (IllegalArgumentException e) {
      throw new SpawnFailedException("the session has no usable endpoint");
    }
    return new Sandbox(name, endpoint, tokens.tokenFor(session));
  }

  private static McpSession newSession(
      String name, Principal principal, String server, ClientInfo client, String instance) {
    McpSession session = new McpSession();
    session.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .addToLabels(McpSpawner.LABEL_USER, Names.userSlug(principal.userId()))
            .addToLabels(McpSpawner.LABEL_SERVER, server)
            .addToLabels(McpSpawner.LABEL_INSTANCE, Names.safeSlug(instance))
            .addToLabels(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
            .build());
    McpSessionSpec spec = new McpSessionSpec(principal.userId(), server);
    spec.setClient(client);
    spec.setInstance(instance);
    session.setSpec(spec);
    return session;
  }

  static SessionPhase phaseOf(McpSession s) {
    return s.getStatus() == null ? null : s.getStatus().getPhase();
  }

  private static boolean isDeleting(McpSession s) {
    return s.getMetadata().getDeletionTimestamp() != null;
  }
}
