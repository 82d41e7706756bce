package org.fwsim.testbench.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.testbench.bench.StormCommand;
import org.fwsim.testbench.ca.CaCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Kubernetes manifest of a sharded storm, checked by structure (no cluster, no schema validator
 * in this project's registries): an Indexed Job whose shard count, environment and results claim
 * agree, the one CA behind a Service, the image the pom's Jib profile builds, and arguments the
 * real commands accept.
 */
class ShardingManifestTest {

  /** Surefire runs in the module directory; the manifest is the aggregator's. */
  private static final Path MANIFEST = Path.of("../src/k8s/fwsim-storm-indexed-job.yaml");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)");

  private static List<JsonNode> documents;

  @BeforeAll
  static void read() throws Exception {
    documents = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    try (YAMLParser parser = new YAMLFactory().createParser(MANIFEST.toFile())) {
      mapper.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
    }
  }

  private static JsonNode kind(String kind) {
    List<JsonNode> found =
        documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    assertEquals(1, found.size(), "one " + kind);
    return found.get(0);
  }

  private static JsonNode container(JsonNode podSpec, String name) {
    for (JsonNode c : podSpec.path("containers")) {
      if (name.equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new AssertionError("no container " + name + " in " + podSpec);
  }

  private static List<String> args(JsonNode container) {
    List<String> a = new ArrayList<>();
    container.path("args").forEach(n -> a.add(n.asText()));
    return a;
  }

  private static String after(List<String> args, String option) {
    int i = args.indexOf(option);
    assertTrue(i >= 0 && i + 1 < args.size(), option + " in " + args);
    return args.get(i + 1);
  }

  @Test
  void theJobIsIndexedWithOneShardPerCompletion() {
    JsonNode spec = kind("Job").path("spec");
    assertEquals("Indexed", spec.path("completionMode").asText());
    List<String> storm = args(container(spec.path("template").path("spec"), "fwsim"));
    assertEquals("storm", storm.get(0));
    int shards = Integer.parseInt(after(storm, "--shards"));
    assertEquals(shards, spec.path("completions").asInt());
    assertEquals(shards, spec.path("parallelism").asInt(), "every shard runs at the instant");
    assertEquals(0, spec.path("backoffLimit").asInt(), "a retried shard would miss the instant");
  }

  @Test
  void theShardTakesItsIndexInstantAndRunFromItsEnvironment() {
    JsonNode fwsim = container(kind("Job").path("spec").path("template").path("spec"), "fwsim");
    Set<String> defined = new HashSet<>();
    JsonNode index = null;
    for (JsonNode e : fwsim.path("env")) {
      defined.add(e.path("name").asText());
      if (e.path("name").asText().equals("JOB_COMPLETION_INDEX")) {
        index = e;
      }
    }
    assertTrue(
        defined.containsAll(Set.of("JOB_COMPLETION_INDEX", "STORM_AT", "RUN_ID")),
        defined.toString());
    assertEquals(
        "metadata.annotations['batch.kubernetes.io/job-completion-index']",
        index.path("valueFrom").path("fieldRef").path("fieldPath").asText());
    List<String> storm = args(fwsim);
    assertEquals("$(STORM_AT)", after(storm, "--storm-at"));
    // Kubernetes expands $(NAME) in args only for names the container's env defines.
    for (String a : storm) {
      Matcher m = VARIABLE.matcher(a);
      while (m.find()) {
        assertTrue(defined.contains(m.group(1)), m.group(1) + " undefined in " + a);
      }
    }
  }

  @Test
  void resultsGoToTheVolumeClaimNotThePod() {
    JsonNode pod = kind("Job").path("spec").path("template").path("spec");
    String claim = kind("PersistentVolumeClaim").path("metadata").path("name").asText();
    JsonNode fwsim = container(pod, "fwsim");
    String out = after(args(fwsim), "--out");
    String volume = null;
    for (JsonNode m : fwsim.path("volumeMounts")) {
      if (out.startsWith(m.path("mountPath").asText() + "/")) {
        volume = m.path("name").asText();
      }
    }
    assertTrue(volume != null, "--out " + out + " is on a mounted volume");
    for (JsonNode v : pod.path("volumes")) {
      assertFalse(v.has("emptyDir"), "no results in a volume that dies with the pod: " + v);
      if (v.path("name").asText().equals(volume)) {
        assertEquals(claim, v.path("persistentVolumeClaim").path("claimName").asText());
      }
    }
  }

  @Test
  void theShardsRenewAgainstTheOneCaBehindItsService() {
    JsonNode deployment = kind("Deployment");
    JsonNode service = kind("Service");
    Map<String, String> labels =
        new ObjectMapper()
            .convertValue(
                deployment.path("spec").path("template").path("metadata").path("labels"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
    new ObjectMapper()
        .convertValue(
            service.path("spec").path("selector"),
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {})
        .forEach((k, v) -> assertEquals(v, labels.get(k), "the Service selects the CA's pod"));
    List<String> ca = args(container(deployment.path("spec").path("template").path("spec"), "ca"));
    assertEquals("ca", ca.get(0));
    JsonNode pod = kind("Job").path("spec").path("template").path("spec");
    String forward = null;
    for (JsonNode c : pod.path("initContainers")) {
      if (c.path("name").asText().equals("forward")) {
        assertEquals("Always", c.path("restartPolicy").asText(), "a sidecar ends with the shard");
        forward = String.join(" ", args(c));
      }
    }
    String serviceName = service.path("metadata").path("name").asText();
    int port = service.path("spec").path("ports").get(0).path("port").asInt();
    assertTrue(
        forward != null && forward.contains("TCP:" + serviceName + ":" + port),
        "the shard's forwarder reaches the Service: " + forward);
    String caUrl = after(args(container(pod, "fwsim")), "--ca");
    assertTrue(forward.contains("TCP-LISTEN:" + java.net.URI.create(caUrl).getPort()), caUrl);
  }

  @Test
  void theImageIsTheOneThePomBuilds() throws Exception {
    String image = imageOfPom();
    JsonNode job = container(kind("Job").path("spec").path("template").path("spec"), "fwsim");
    JsonNode ca = container(kind("Deployment").path("spec").path("template").path("spec"), "ca");
    assertEquals(image, job.path("image").asText());
    assertEquals(image, ca.path("image").asText());
  }

  @Test
  void theCommandsAcceptTheArgumentsAsKubernetesExpandsThem() {
    JsonNode job = container(kind("Job").path("spec").path("template").path("spec"), "fwsim");
    List<String> storm = expand(args(job));
    new CommandLine(new StormCommand())
        .parseArgs(storm.subList(1, storm.size()).toArray(String[]::new));
    List<String> ca =
        args(container(kind("Deployment").path("spec").path("template").path("spec"), "ca"));
    new CommandLine(new CaCommand()).parseArgs(ca.subList(1, ca.size()).toArray(String[]::new));
  }

  private static List<String> expand(List<String> args) {
    Map<String, String> env =
        Map.of(
            "STORM_AT", "2030-01-01T00:00:00Z", "RUN_ID", "storm-1", "JOB_COMPLETION_INDEX", "2");
    List<String> out = new ArrayList<>();
    for (String a : args) {
      out.add(VARIABLE.matcher(a).replaceAll(m -> env.get(m.group(1))));
    }
    return out;
  }

  /** {@code fwsim.image} of testbench's Jib profile with the project's version filled in. */
  private static String imageOfPom() throws Exception {
    String testbench = Files.readString(Path.of("pom.xml"));
    Matcher version =
        Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(testbench);
    Matcher image = Pattern.compile("<fwsim.image>([^<]+)</fwsim.image>").matcher(testbench);
    assertTrue(version.find() && image.find(), "the pom names the image and the version");
    return image.group(1).replace("${project.version}", version.group(1));
  }
}
