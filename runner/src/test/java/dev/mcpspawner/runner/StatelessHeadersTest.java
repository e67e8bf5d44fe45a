package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.contracts.JsonRpcErrors;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the runner checks of a 2026-07-28 request before any of it reaches the server: the mirrored
 * request metadata headers ({@code basic/transports/streamable-http.mdx}, "Server Validation"),
 * {@code Mcp-Param-*} included, and a MissingRequiredClientCapabilityError answered with HTTP 400.
 * Raw HTTP, so every header is the test's own.
 */
class StatelessHeadersTest {
  @RegisterExtension
  static final Fixtures.ClassRunner FIXTURE =
      new Fixtures.ClassRunner("conformance-server/server.mjs");

  private static final ObjectNode SIMPLE_TEXT =
      StatelessRequests.toolCall(1, "test_simple_text", Map.of());

  private static HttpResponse<String> post(ObjectNode request, String... headers) throws Exception {
    String[] all = new String[headers.length + 2];
    all[0] = "MCP-Protocol-Version";
    all[1] = StatelessRequests.VERSION;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return FIXTURE.raw.post(request.toString(), all);
  }

  private static void assertMismatch(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode answer = RawMcp.last(response);
    assertThat(answer.at("/error/code").asInt()).isEqualTo(JsonRpcErrors.HEADER_MISMATCH);
    assertThat(answer.get("id").asInt()).isEqualTo(1);
  }

  private static String base64(String value) {
    return "=?base64?"
        + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
        + "?=";
  }

  @Test
  void aCallWhoseHeadersSayWhatItsBodySaysIsServed() throws Exception {
    for (String name :
        List.of("test_simple_text", "  test_simple_text\t", base64("test_simple_text"))) {
      HttpResponse<String> response =
          post(SIMPLE_TEXT, "mcp-method", "tools/call", "MCP-NAME", name);
      assertThat(response.statusCode()).as(name).isEqualTo(200);
      assertThat(RawMcp.last(response).at("/result/content/0/text").asText())
          .as(name)
          .contains("simple text");
    }
  }

  @Test
  void aMissingOrDifferentMethodHeaderIsAHeaderMismatch() throws Exception {
    assertMismatch(post(SIMPLE_TEXT, "Mcp-Name", "test_simple_text"));
    assertMismatch(post(SIMPLE_TEXT, "Mcp-Method", "tools/list", "Mcp-Name", "test_simple_text"));
    // Values are case-sensitive.
    assertMismatch(post(SIMPLE_TEXT, "Mcp-Method", "TOOLS/CALL", "Mcp-Name", "test_simple_text"));
  }

  @Test
  void aMissingDifferentOrMalformedNameHeaderIsAHeaderMismatch() throws Exception {
    assertMismatch(post(SIMPLE_TEXT, "Mcp-Method", "tools/call"));
    assertMismatch(
        post(SIMPLE_TEXT, "Mcp-Method", "tools/call", "Mcp-Name", "test_error_handling"));
    // Unpadded, and outside the alphabet: not Base64 at all.
    assertMismatch(
        post(
            SIMPLE_TEXT,
            "Mcp-Method",
            "tools/call",
            "Mcp-Name",
            "=?base64?dGVzdF9zaW1wbGVfdGV4dA?="));
    assertMismatch(post(SIMPLE_TEXT, "Mcp-Method", "tools/call", "Mcp-Name", "=?base64?dGVz!!!?="));
  }

  @Test
  void aVersionHeaderThatIsNotTheBodysIsAHeaderMismatch() throws Exception {
    ObjectNode request = SIMPLE_TEXT.deepCopy();
    ((ObjectNode) request.at("/params/_meta"))
        .put("io.modelcontextprotocol/protocolVersion", "2025-11-25");
    assertMismatch(post(request, "Mcp-Method", "tools/call", "Mcp-Name", "test_simple_text"));
  }

  @Test
  void aParameterTheServerMirrorsIntoAHeaderMustBeThereAndSayTheSame() throws Exception {
    // The runner learns which parameters are mirrored from the server's tools/list.
    assertThat(post(StatelessRequests.request(1, "tools/list", Map.of())).body())
        .contains("x-mcp-header");
    ObjectNode call = StatelessRequests.toolCall(1, "test_header_param", Map.of("region", "Hello"));
    String[] standard = {"Mcp-Method", "tools/call", "Mcp-Name", "test_header_param"};
    for (String region : List.of("Hello", " Hello ", base64("Hello"))) {
      HttpResponse<String> response = post(call, with(standard, "Mcp-Param-Region", region));
      assertThat(response.statusCode()).as(region).isEqualTo(200);
      assertThat(response.body()).as(region).contains("region=Hello");
    }
    assertMismatch(post(call, standard));
    for (String region : List.of("Goodbye", "=?base64?SGVsbG8?=", "=?base64?SGVs!!!bG8=?=")) {
      assertMismatch(post(call, with(standard, "mcp-param-region", region)));
    }
    // No value in the body: no header expected.
    HttpResponse<String> without =
        post(StatelessRequests.toolCall(1, "test_header_param", Map.of()), standard);
    assertThat(without.statusCode()).isEqualTo(200);
  }

  private static String[] with(String[] headers, String name, String value) {
    String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
    all[headers.length] = name;
    all[headers.length + 1] = value;
    return all;
  }

  @Test
  void aCallThatNeedsAnUndeclaredCapabilityIsRefusedWithA400NamingIt() throws Exception {
    ObjectNode request = StatelessRequests.toolCall(1, "test_missing_capability", Map.of());
    ((ObjectNode) request.at("/params/_meta"))
        .putObject("io.modelcontextprotocol/clientCapabilities");
    HttpResponse<String> response = post(request);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode answer = RawMcp.last(response);
    assertThat(answer.at("/error/code").asInt())
        .isEqualTo(JsonRpcErrors.MISSING_REQUIRED_CLIENT_CAPABILITY);
    assertThat(answer.at("/error/data/requiredCapabilities/sampling").isObject()).isTrue();
  }
}
