package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;
import lombok.Getter;
import lombok.Setter;

/** Who the user is and what they may do; unset limits take the chart's user defaults. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
public class McpUserSpec {
  @JsonPropertyDescription(
      "The raw user id as sign-in reports it (email, OIDC subject, API-key user); the object's"
          + " name is its slug.")
  @Required
  @Setter
  private String subject;

  @JsonPropertyDescription("Name shown to administrators.")
  @Setter
  private String displayName;

  @JsonPropertyDescription("Email address, as the identity provider reported it.")
  @Setter
  private String email;

  @JsonPropertyDescription(
      "A disabled user is refused (403) and their sessions are ended; their home volume stays.")
  @Setter
  private boolean disabled;

  @JsonPropertyDescription(
      "Groups added to those the identity provider or API key says (McpServer access, admins).")
  private List<String> groups = new ArrayList<>();

  @JsonPropertyDescription(
      "McpServers this user may use, on top of each server's own access list; empty: all.")
  private List<String> servers = new ArrayList<>();

  @JsonPropertyDescription("Limits on what the user's sessions may hold; unset fields: defaults.")
  @Setter
  private UserQuota quota;

  @JsonPropertyDescription("MCP requests per minute and burst; unset fields: defaults.")
  @Setter
  private RateLimit rateLimit;

  @JsonPropertyDescription(
      "RFC 3339 instant: tokens issued before it are refused (revocation of every sign-in).")
  @Setter
  private String tokensNotBefore;

  public McpUserSpec() {}

  public McpUserSpec(String subject) {
    this.subject = subject;
  }

  public void setGroups(List<String> groups) {
    this.groups = groups == null ? new ArrayList<>() : groups;
  }

  public void setServers(List<String> servers) {
    this.servers = servers == null ? new ArrayList<>() : servers;
  }
}
