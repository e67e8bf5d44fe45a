package dev.mcpspawner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.gateway.testing.TestingGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OriginPolicyTest {
  @RegisterExtension static final TestingGateway gateway = new TestingGateway();

  private static List<String> allowed(String answer) {
    return Arrays.stream(answer.split(",")).map(String::trim).toList();
  }

  @Test
  void aPreflightAllowsTheMcpHeadersAndTheParamHeadersAskedForButNothingElse() throws Exception {
    HttpResponse<String> r =
        gateway
            .http()
            .send(
                gateway
                    .http()
                    .request(
                        "/mcp/echo",
                        "Origin",
                        "https://claude.ai",
                        "Access-Control-Request-Method",
                        "POST",
                        "Access-Control-Request-Headers",
                        "content-type, mcp-method, Mcp-Param-Region, x-evil, mcp-param-bad header")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .build());

    assertThat(r.statusCode()).isEqualTo(204);
    List<String> headers =
        allowed(r.headers().firstValue("Access-Control-Allow-Headers").orElse(""));
    assertThat(headers)
        .contains("Authorization", "Mcp-Session-Id", "MCP-Protocol-Version", "Mcp-Method")
        .contains("Mcp-Param-Region")
        .doesNotContain("x-evil", "mcp-param-bad header");
  }

  @Test
  void atMostSixtyFourParamHeadersAreEchoed() {
    String asked =
        IntStream.range(0, 100).mapToObj(i -> "Mcp-Param-P" + i).collect(Collectors.joining(","));
    List<String> headers = allowed(OriginPolicy.allowedHeaders(asked));
    assertThat(headers.stream().filter(h -> h.startsWith("Mcp-Param-")))
        .hasSize(OriginPolicy.MAX_PARAM_HEADERS);
    assertThat(allowed(OriginPolicy.allowedHeaders(null)))
        .isEqualTo(allowed(OriginPolicy.ALLOWED_HEADERS));
  }
}
