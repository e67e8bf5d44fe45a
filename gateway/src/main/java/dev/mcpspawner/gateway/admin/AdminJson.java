package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * The admin API's JSON. User ids and client names are chosen by whoever signs in, so {@code <},
 * {@code >}, {@code &} and quotes are written as {@code \u003c}-style escapes: the same JSON, but
 * no markup even when something renders a response as HTML.
 */
public final class AdminJson {
  private static final class HtmlSafe extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    HtmlSafe() {
      for (char c : new char[] {'<', '>', '&', '\'', '"'}) {
        ascii[c] = ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }

  private final ObjectMapper json;

  public AdminJson() {
    this.json = new ObjectMapper();
    json.getFactory().setCharacterEscapes(new HtmlSafe());
  }

  public String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The request body as a tree; a body that is not JSON is a bad request. */
  public JsonNode read(String body) {
    if (body == null || body.isBlank()) {
      throw AdminRequestException.badRequest("a JSON body is required");
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw AdminRequestException.badRequest("the body is not JSON: " + e.getOriginalMessage());
    }
  }
}
