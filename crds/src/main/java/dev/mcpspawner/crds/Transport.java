package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the gateway reaches the MCP server of a session. */
public enum Transport {
  /** The runner starts the server and speaks stdio to it. */
  @JsonProperty("stdio")
  STDIO,
  /** The image serves MCP Streamable HTTP itself; the gateway talks to it directly. */
  @JsonProperty("streamable-http")
  STREAMABLE_HTTP
}
