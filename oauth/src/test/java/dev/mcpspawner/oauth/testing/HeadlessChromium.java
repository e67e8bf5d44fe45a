package dev.mcpspawner.oauth.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Debian's chromium driven through chromedriver's W3C WebDriver API with the JDK HTTP client (no
 * Selenium): enough to open pages, type, click, read text, count elements, see alerts and take
 * screenshots. Shared with the gateway's browser tests (this module's test jar).
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Process driver;
  private final String base;
  private final String session;
  private final Path profile;

  public static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /** Skips the test (JUnit assumption) where Chromium or its driver is not installed. */
  public static void assumeAvailable() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        available(),
        "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
  }

  /**
   * Where a browser test writes its screenshots: {@code target/screenshots}, or with {@code
   * -Dscreenshots.update=true} the repository's {@code docs/screenshots} ({@code docs.dir}).
   */
  public static Path screenshots() {
    return Boolean.getBoolean("screenshots.update")
        ? Path.of(System.getProperty("docs.dir", "../docs"), "screenshots")
        : Path.of("target", "screenshots");
  }

  public HeadlessChromium() throws Exception {
    this(1280, 900);
  }

  /** A browser window of this size (what the screenshots show). */
  public HeadlessChromium(int width, int height) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    profile = Files.createTempDirectory("chromium-profile");
    driver =
        new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptionsInstanceOf(IOException.class) // still starting
          .until(() -> call("GET", "/status", null).path("ready").asBoolean());
    } catch (ConditionTimeoutException e) {
      close();
      throw new IllegalStateException("chromedriver did not start", e);
    }
    ObjectNode caps = json.createObjectNode();
    ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
    always.put("browserName", "chrome");
    ObjectNode options = always.putObject("goog:chromeOptions").put("binary", CHROMIUM.toString());
    List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--window-size=" + width + "," + height,
            "--user-data-dir=" + profile)
        .forEach(options.putArray("args")::add);
    session = call("POST", "/session", caps).path("sessionId").asText();
  }

  public void open(String url) throws Exception {
    call("POST", "/session/" + session + "/url", json.createObjectNode().put("url", url));
  }

  public String currentUrl() throws Exception {
    return call("GET", "/session/" + session + "/url", null).asText();
  }

  public String source() throws Exception {
    return call("GET", "/session/" + session + "/source", null).asText();
  }

  /** Waits (bounded) until the page shows {@code text}: clicks do not wait for navigation. */
  public String waitForText(String text) throws Exception {
    return await().atMost(Duration.ofSeconds(30)).until(this::source, src -> src.contains(text));
  }

  public void type(String css, String text) throws Exception {
    onElement(
        css,
        id ->
            call(
                "POST",
                "/session/" + session + "/element/" + id + "/value",
                json.createObjectNode().put("text", text)));
  }

  /** Types into whatever has the focus (what a keyboard user would do). */
  public void typeIntoFocused(String text) throws Exception {
    String active =
        call("GET", "/session/" + session + "/element/active", null).path(ELEMENT).asText();
    call(
        "POST",
        "/session/" + session + "/element/" + active + "/value",
        json.createObjectNode().put("text", text));
  }

  /** Presses one key (a WebDriver key code such as {@code \uE004}, Tab) where the focus is. */
  public void press(String key) throws Exception {
    typeIntoFocused(key);
  }

  /** A DOM property of the focused element ({@code tagName}, {@code id}), or "" when unset. */
  public String focusedProperty(String name) throws Exception {
    JsonNode v =
        call("GET", "/session/" + session + "/element/" + active() + "/property/" + name, null);
    return v.isNull() ? "" : v.asText();
  }

  /** An attribute of the focused element as written ({@code href}), or "" when absent. */
  public String focusedAttribute(String name) throws Exception {
    JsonNode v =
        call("GET", "/session/" + session + "/element/" + active() + "/attribute/" + name, null);
    return v.isNull() ? "" : v.asText();
  }

  /** The computed value of a CSS property of the focused element ({@code outline-style}). */
  public String focusedCss(String property) throws Exception {
    return call("GET", "/session/" + session + "/element/" + active() + "/css/" + property, null)
        .asText();
  }

  private String active() throws Exception {
    return call("GET", "/session/" + session + "/element/active", null).path(ELEMENT).asText();
  }

  public void click(String css) throws Exception {
    onElement(
        css,
        id ->
            call(
                "POST",
                "/session/" + session + "/element/" + id + "/click",
                json.createObjectNode()));
  }

  /** The rendered text of the first element {@code css} selects (what a person reads). */
  public String text(String css) throws Exception {
    return onElement(
            css, id -> call("GET", "/session/" + session + "/element/" + id + "/text", null))
        .asText();
  }

  private interface ElementCall {
    JsonNode on(String element) throws Exception;
  }

  /**
   * Finds {@code css} and acts on it, finding it again if the page was drawn anew in between (a
   * live page replaces its elements): at most three tries.
   */
  private JsonNode onElement(String css, ElementCall action) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return action.on(find(css));
      } catch (IllegalStateException e) {
        if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("stale element")) {
          throw e;
        }
      }
    }
  }

  /** How many elements {@code css} selects. */
  public int count(String css) throws Exception {
    return call(
            "POST",
            "/session/" + session + "/elements",
            json.createObjectNode().put("using", "css selector").put("value", css))
        .size();
  }

  /** Whether a JavaScript alert, confirm or prompt is open. */
  public boolean alertOpen() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/session/" + session + "/alert/text"))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200;
  }

  /** Waits (bounded) until {@code css} selects something. */
  public void waitFor(String css) {
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> count(css) > 0);
  }

  public void screenshot(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(
        file,
        Base64.getDecoder()
            .decode(call("GET", "/session/" + session + "/screenshot", null).asText()));
  }

  private String find(String css) throws Exception {
    JsonNode el =
        call(
            "POST",
            "/session/" + session + "/element",
            json.createObjectNode().put("using", "css selector").put("value", css));
    return el.path(ELEMENT).asText();
  }

  private JsonNode call(String method, String path, JsonNode body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode value = json.readTree(r.body()).path("value");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("WebDriver " + method + " " + path + ": " + value);
    }
    return value;
  }

  @Override
  public void close() {
    try {
      if (session != null) {
        call("DELETE", "/session/" + session, null);
      }
    } catch (Exception ignored) {
      // the driver goes away below anyway
    }
    driver.destroy();
    try {
      driver.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
