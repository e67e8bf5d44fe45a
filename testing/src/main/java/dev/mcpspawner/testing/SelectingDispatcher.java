package dev.mcpspawner.testing;

import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expectations first, then the CRUD store, plus the one field selector mcp-spawner sends besides
 * name and namespace: Events by {@code involvedObject.name}, as the real API serves them (the store
 * matches field selectors only against the fields it indexes, so it would answer none).
 */
public class SelectingDispatcher extends KubernetesMixedDispatcher {
  private static final Pattern EVENTS_OF =
      Pattern.compile(
          "(/api/v1/namespaces/[^/]+/events)\\?fieldSelector=involvedObject\\.name%3D([^&]+)");

  public SelectingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
    super(responses);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Matcher m = EVENTS_OF.matcher(request.getPath());
    if (request.method() != HttpMethod.GET || !m.matches()) {
      return super.dispatch(request);
    }
    MockResponse all =
        super.dispatch(
            new RecordedRequest(
                request.getHttpVersion(),
                HttpMethod.GET,
                m.group(1),
                request.getHeaders(),
                request.getBody()));
    if (all.code() != 200) {
      return all;
    }
    String name = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
    EventList events = Serialization.unmarshal(all.getBody().readUtf8(), EventList.class);
    events.setItems(
        events.getItems().stream()
            .filter(e -> e.getInvolvedObject() != null)
            .filter(e -> name.equals(e.getInvolvedObject().getName()))
            .toList());
    return new MockResponse().setResponseCode(200).setBody(Serialization.asJson(events));
  }
}
