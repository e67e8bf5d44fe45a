package dev.mcpspawner.crds.build;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step: the CRD generator sorts printer columns by JSONPath, but {@code kubectl get} shows
 * them in array order. This puts them back in the order the resource class declares them.
 */
public final class PrinterColumnOrder {
  private static final List<Class<? extends CustomResource<?, ?>>> RESOURCES =
      List.of(McpSession.class, McpServer.class, McpUser.class);

  private PrinterColumnOrder() {}

  /** {@code args[0]}: the folder holding the generated {@code <plural>.<group>-v1.yml} files. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    for (Class<? extends CustomResource<?, ?>> type : RESOURCES) {
      Path file = dir.resolve(CustomResource.getCRDName(type) + "-v1.yml");
      String yaml = Files.readString(file);
      CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
      List<String> order =
          Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList();
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        version
            .getAdditionalPrinterColumns()
            .sort(
                Comparator.comparingInt(
                    (CustomResourceColumnDefinition c) -> order.indexOf(c.getName())));
      }
      String header = "# Generated from dev.mcpspawner.crds by the build; do not edit.\n";
      Files.writeString(file, header + Serialization.asYaml(crd));
    }
  }
}
