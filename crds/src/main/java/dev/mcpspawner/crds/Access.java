package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import lombok.Getter;

/**
 * Who may start sessions of a server. With neither list given, every signed-in user may; otherwise
 * a user named in {@code users} or in one of {@code groups} (the groups their sign-in carries).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Getter
public class Access {
  @JsonPropertyDescription(
      "User ids (the sign-in subject, e.g. an email) allowed to use the server.")
  private List<String> users = new ArrayList<>();

  @JsonPropertyDescription("Groups whose members are allowed to use the server.")
  private List<String> groups = new ArrayList<>();

  public void setUsers(List<String> users) {
    this.users = users == null ? new ArrayList<>() : users;
  }

  public void setGroups(List<String> groups) {
    this.groups = groups == null ? new ArrayList<>() : groups;
  }

  /** Whether a user with these groups may use the server; an empty access list allows everyone. */
  public boolean allows(String userId, Collection<String> userGroups) {
    if (users.isEmpty() && groups.isEmpty()) {
      return true;
    }
    return users.contains(userId) || userGroups.stream().anyMatch(groups::contains);
  }
}
