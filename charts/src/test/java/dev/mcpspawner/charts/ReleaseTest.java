package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpspawner.operator.OperatorConfig;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The release path as far as it can be checked without Docker or GitHub: the Dockerfiles copy the
 * jars the build makes, and the chart, scripts/build-images.sh, the Dockerfiles, the release
 * workflow and the poms agree on image names and on one version.
 */
class ReleaseTest {
  static final Path ROOT = Path.of("..");
  static final Path SCRIPT = ROOT.resolve("scripts/build-images.sh");
  static final Path RELEASE = ROOT.resolve(".github/workflows/release.yml");
  static final Path CI = ROOT.resolve(".github/workflows/ci.yml");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Pattern COPY =
      Pattern.compile("(?m)^COPY\\s+(?!--from)(\\S+)\\s+(\\S+)\\s*$");
  private static final Pattern PINNED =
      Pattern.compile("[\\w.-]+/[\\w.-]+@[0-9a-f]{40} # v\\d+\\.\\d+\\.\\d+");

  @Test
  void everyImageTheScriptBuildsHasADockerfileAndEveryDockerfileIsBuilt() throws IOException {
    Set<String> dockerfiles;
    try (Stream<Path> modules = Files.list(ROOT)) {
      dockerfiles =
          modules
              .filter(m -> Files.isRegularFile(m.resolve("Dockerfile")))
              .map(m -> m.getFileName().toString())
              .collect(Collectors.toSet());
    }
    assertThat(images()).containsExactlyInAnyOrderElementsOf(dockerfiles);
  }

  @Test
  void dockerfilesCopyTheRunnableJarTheirModuleBuilds() throws Exception {
    for (String image : images()) {
      List<String> jars = copiedJars(image);
      assertThat(jars).as("%s/Dockerfile copies one jar", image).hasSize(1);
      Path built = runnableJar(image);
      assertThat(FileSystems.getDefault().getPathMatcher("glob:" + jars.get(0)))
          .as("%s/Dockerfile copies %s; the pom builds %s", image, jars.get(0), built)
          .matches(m -> m.matches(built));
      // The reactor packages the image modules before these tests (charts depends on them).
      assertThat(ROOT.resolve(built)).as("built by package").isRegularFile();
    }
  }

  @Test
  void chartImagesAreTheOnesTheReleasePushes() throws IOException {
    JsonNode values = YAML.readTree(RenderedChart.CHART.resolve("values.yaml").toFile());
    String registry = workflow(RELEASE).path("env").path("IMAGE_REGISTRY").asText();
    assertThat(registry).isEqualTo("ghcr.io/mcp-spawner");
    assertThat(Files.readString(SCRIPT)).contains("REGISTRY=\"" + registry + "\"");
    for (String image : images()) {
      assertThat(values.path(image).path("image").path("repository").asText())
          .as("values.yaml %s.image.repository", image)
          .isEqualTo(registry + "/" + image);
    }
    String release = Files.readString(RELEASE);
    assertThat(release)
        .contains("scripts/build-images.sh --skip-maven --push --registry \"$IMAGE_REGISTRY\"")
        .contains("--tag \"$VERSION\"")
        .contains("done < target/images/digests.txt");
    assertThat(Files.readString(SCRIPT)).contains("tee -a target/images/digests.txt");
    // The jars the build job hands to the image job are the ones the Dockerfiles copy.
    String uploaded =
        step(workflow(RELEASE), "build", "upload-artifact").path("with").path("path").asText();
    for (String image : images()) {
      assertThat(uploaded.lines().map(String::strip)).containsAll(copiedJars(image));
    }
  }

  @Test
  void chartVersionAndAppVersionFollowTheMavenVersion() throws Exception {
    JsonNode chart = YAML.readTree(RenderedChart.CHART.resolve("Chart.yaml").toFile());
    String release = mavenVersion().replaceFirst("-SNAPSHOT$", "");
    assertThat(chart.path("version").asText()).isEqualTo(release);
    assertThat(chart.path("appVersion").asText()).isEqualTo(release);
    // Outside the chart (local mode, tests) the operator's own default names the same runner.
    assertThat(OperatorConfig.defaults().runnerImage())
        .isEqualTo("ghcr.io/mcp-spawner/runner:" + release);
  }

  @Test
  void changelogHasTheSectionTheReleaseNotesAreCutFrom() throws Exception {
    String version = mavenVersion();
    String heading = version.endsWith("-SNAPSHOT") ? "## [Unreleased]" : "## [" + version + "]";
    assertThat(Files.readString(ROOT.resolve("CHANGELOG.md"))).contains("\n" + heading);
  }

  @Test
  void sbomIsMadeByTheReleaseProfileWhereTheWorkflowReadsIt() throws Exception {
    Document pom = pom(ROOT.resolve("pom.xml"));
    var xpath = XPathFactory.newInstance().newXPath();
    String plugin = "/project/profiles/profile[id='release']/build/plugins/plugin";
    assertThat(
            xpath.evaluate(
                plugin + "[artifactId='cyclonedx-maven-plugin']/configuration/outputName", pom))
        .isEqualTo("bom");
    assertThat(
            xpath.evaluate(
                plugin + "[artifactId='cyclonedx-maven-plugin']/configuration/outputFormat", pom))
        .isEqualTo("json");
    String release = Files.readString(RELEASE);
    assertThat(release).contains("MAVEN_ARGS: -Prelease").contains("${name}/target/bom.json");
  }

  @Test
  void everyActionIsPinnedByCommit() throws IOException {
    for (Path workflow : List.of(RELEASE, CI)) {
      List<String> uses =
          Files.readString(workflow)
              .lines()
              .map(String::strip)
              .filter(l -> l.startsWith("- uses:") || l.startsWith("uses:"))
              .map(l -> l.substring(l.indexOf("uses:") + 5).strip())
              .toList();
      assertThat(uses).isNotEmpty().allSatisfy(u -> assertThat(u).matches(PINNED));
    }
  }

  /** The IMAGES=(...) the script builds, each from {@code <name>/Dockerfile}. */
  static List<String> images() throws IOException {
    Matcher m = Pattern.compile("(?m)^IMAGES=\\(([^)]*)\\)").matcher(Files.readString(SCRIPT));
    assertThat(m.find()).as("IMAGES=(...) in %s", SCRIPT).isTrue();
    return List.of(m.group(1).strip().split("\\s+"));
  }

  /** Sources of the Dockerfile's COPY lines that copy from the build context, not a stage. */
  static List<String> copiedJars(String image) throws IOException {
    Matcher m = COPY.matcher(Files.readString(ROOT.resolve(image).resolve("Dockerfile")));
    List<String> jars = new ArrayList<>();
    while (m.find()) {
      jars.add(m.group(1));
    }
    return jars;
  }

  /** The runnable jar the module's shade plugin writes, relative to the repository root. */
  static Path runnableJar(String module) throws Exception {
    Document pom = pom(ROOT.resolve(module).resolve("pom.xml"));
    var xpath = XPathFactory.newInstance().newXPath();
    String shade = "//plugin[artifactId='maven-shade-plugin']/executions/execution/configuration/";
    String outputFile = xpath.evaluate(shade + "outputFile", pom);
    if (!outputFile.isBlank()) {
      return Path.of(module, outputFile.replace("${project.build.directory}", "target"));
    }
    String classifier = xpath.evaluate(shade + "shadedClassifierName", pom);
    String artifactId = xpath.evaluate("/project/artifactId", pom);
    return Path.of(module, "target", artifactId + "-" + mavenVersion() + "-" + classifier + ".jar");
  }

  static String mavenVersion() throws Exception {
    return XPathFactory.newInstance()
        .newXPath()
        .evaluate("/project/version", pom(ROOT.resolve("pom.xml")));
  }

  static Document pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  static JsonNode workflow(Path file) throws IOException {
    return YAML.readTree(file.toFile());
  }

  /** The step of {@code job} that uses the action named {@code action}. */
  static JsonNode step(JsonNode workflow, String job, String action) {
    for (JsonNode step : workflow.path("jobs").path(job).path("steps")) {
      if (step.path("uses").asText().contains("/" + action + "@")) {
        return step;
      }
    }
    throw new AssertionError("no " + action + " step in job " + job);
  }
}
