package dev.mcpspawner.runner.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Which server→client requests a 2026-07-28 client can be sent as input requests, and on which of
 * its calls ({@code basic/patterns/mrtr.mdx}): only on the calls that may answer {@code
 * input_required}, and only what the call's client declared.
 */
final class InputRequests {
  /** The client requests that may answer {@code input_required}; no other may. */
  static final Set<String> METHODS = Set.of("tools/call", "prompts/get", "resources/read");

  private static final String UNDECLARED = "the client did not declare ";

  private InputRequests() {}

  /** Whether a call could be given input requests at all: its method and its client allow it. */
  static boolean mayAsk(String method, JsonNode capabilities) {
    return METHODS.contains(method)
        && capabilities != null
        && (capabilities.has("sampling")
            || capabilities.has("elicitation")
            || capabilities.has("roots"));
  }

  /**
   * The ClientCapabilities object naming what a {@link #refusal} found undeclared (e.g. {@code
   * {"sampling": {"tools": {}}}}), or null when the refusal was not about a capability.
   */
  static ObjectNode requiredCapabilities(String refusal) {
    if (refusal == null || !refusal.startsWith(UNDECLARED)) {
      return null;
    }
    ObjectNode required = JsonNodeFactory.instance.objectNode();
    ObjectNode at = required;
    for (String part : refusal.substring(UNDECLARED.length()).split("\\.")) {
      at = at.putObject(part);
    }
    return required;
  }

  /**
   * Why {@code serverRequest} cannot be sent to a client that declared {@code capabilities}, or
   * null when it can.
   */
  static String refusal(ObjectNode serverRequest, JsonNode capabilities) {
    JsonNode declared = capabilities == null ? MissingNode.getInstance() : capabilities;
    JsonNode params = serverRequest.path("params");
    return switch (serverRequest.path("method").asText()) {
      case "sampling/createMessage" -> {
        if (!declared.has("sampling")) {
          yield UNDECLARED + "sampling";
        }
        boolean tools = params.has("tools") || params.has("toolChoice");
        yield tools && !declared.path("sampling").has("tools")
            ? UNDECLARED + "sampling.tools"
            : null;
      }
      case "elicitation/create" -> {
        JsonNode elicitation = declared.get("elicitation");
        if (elicitation == null) {
          yield UNDECLARED + "elicitation";
        }
        // An empty elicitation capability means form mode only.
        if ("url".equals(params.path("mode").asText("form"))) {
          yield elicitation.has("url") ? null : UNDECLARED + "elicitation.url";
        }
        yield elicitation.isEmpty() || elicitation.has("form")
            ? null
            : UNDECLARED + "elicitation.form";
      }
      case "roots/list" -> declared.has("roots") ? null : UNDECLARED + "roots";
      default -> serverRequest.path("method").asText() + " is not an input request";
    };
  }
}
