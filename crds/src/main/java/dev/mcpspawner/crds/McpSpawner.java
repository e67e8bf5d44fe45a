package dev.mcpspawner.crds;

/** The API group, version, label and annotation keys shared by every mcp-spawner component. */
public final class McpSpawner {
  public static final String GROUP = "mcpspawner.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Slug of the user the object belongs to (see {@link Names#userSlug}). */
  public static final String LABEL_USER = GROUP + "/user";

  /** Name of the McpServer catalog entry. */
  public static final String LABEL_SERVER = GROUP + "/server";

  /** Slug of what keys the sandbox (the session id, or the stateless client identity). */
  public static final String LABEL_INSTANCE = GROUP + "/instance";

  /** Name of the McpSession a pod or secret belongs to. */
  public static final String LABEL_SESSION = GROUP + "/session";

  /** Egress policy of a session pod; the chart's NetworkPolicies select on it. */
  public static final String LABEL_EGRESS = GROUP + "/egress";

  /** Set to "true" on pods that mount the user's home volume (used for co-location). */
  public static final String LABEL_HOME = GROUP + "/home";

  /** What kind of object this is within mcp-spawner (session-pod, home, runner-token). */
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";

  /** {@link #LABEL_COMPONENT} of a Secret holding a user's credentials for one server. */
  public static final String COMPONENT_CREDENTIALS = "credentials";

  /**
   * On an McpUser: which of their credentials are set, and when, as JSON {@code {"<server>":
   * {"<NAME>": "<RFC 3339>"}}}. The gateway writes it after each credential Secret it writes, and
   * reads it instead of the Secrets (it may not read Secrets). Never a value.
   */
  public static final String ANNOTATION_CREDENTIALS = GROUP + "/credentials";

  /** {@link #LABEL_COMPONENT} of the Secret holding the key runner tokens are derived from. */
  public static final String COMPONENT_RUNNER_KEY = "runner-key";

  /**
   * On a credentials Secret: the credential's name, its one key (an annotation, not a label: a name
   * may start with {@code _}, which a label value may not).
   */
  public static final String ANNOTATION_CREDENTIAL = GROUP + "/credential";

  /** On a credentials Secret: when its value was set (RFC 3339). */
  public static final String ANNOTATION_SET_AT = GROUP + "/set-at";

  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "mcp-spawner";

  /** RFC 3339 instant of the last request the gateway relayed for a session (throttled). */
  public static final String ANNOTATION_LAST_ACTIVITY = GROUP + "/last-activity";

  /**
   * On a 2024-11-05 (HTTP+SSE) session: the in-cluster URL of the gateway replica holding its event
   * stream, so that a message POST reaching another replica is handed to that one.
   */
  public static final String ANNOTATION_LEGACY_STREAM = GROUP + "/legacy-stream";

  /** The raw user id, kept on objects whose name or labels only carry the slug. */
  public static final String ANNOTATION_USER = GROUP + "/user-id";

  public static final String FINALIZER = GROUP + "/finalizer";

  private McpSpawner() {}
}
