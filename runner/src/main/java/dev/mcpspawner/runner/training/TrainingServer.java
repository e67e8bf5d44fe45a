package dev.mcpspawner.runner.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.contracts.JsonRpcErrors;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The stdio MCP server of the runner's training run: answers {@code initialize}, {@code ping},
 * {@code tools/list} and an {@code echo} tool, so the run needs nothing but the runner's own jar.
 */
public final class TrainingServer {
  private TrainingServer() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      JsonNode message = json.readTree(line);
      if (!message.has("id") || !message.has("method")) {
        continue; // a notification, or a response to nothing we asked
      }
      ObjectNode answer = json.createObjectNode().put("jsonrpc", "2.0");
      answer.set("id", message.get("id"));
      ObjectNode result = answer.putObject("result");
      switch (message.get("method").asText()) {
        case "initialize" -> {
          result.put("protocolVersion", message.path("params").path("protocolVersion").asText());
          result.putObject("capabilities").putObject("tools");
          result.putObject("serverInfo").put("name", "training").put("version", "1");
        }
        case "tools/list" -> {
          ObjectNode tool = result.putArray("tools").addObject().put("name", "echo");
          tool.putObject("inputSchema").put("type", "object");
        }
        case "tools/call" ->
            result
                .putArray("content")
                .addObject()
                .put("type", "text")
                .put("text", message.path("params").path("arguments").toString());
        case "ping" -> {}
        default -> {
          answer.remove("result");
          answer
              .putObject("error")
              .put("code", JsonRpcErrors.METHOD_NOT_FOUND)
              .put("message", "Method not found");
        }
      }
      out.println(json.writeValueAsString(answer));
      out.flush();
    }
  }
}
