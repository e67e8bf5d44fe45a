package dev.mcpspawner.charts;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the API server checks of a custom resource against its CRD's structural schema (types,
 * unknown fields, required fields, enums, patterns, bounds) — the mock server checks none of it.
 */
final class CrdSchema {
  private final JSONSchemaProps root;

  CrdSchema(CustomResourceDefinition crd) {
    this.root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  /** Every violation in {@code object}, one readable line each; empty when it is valid. */
  List<String> violations(JsonNode object) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (!List.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
        check(field.getKey(), field.getValue(), root.getProperties().get(field.getKey()), out);
      }
    }
    return out;
  }

  private static void check(String path, JsonNode value, JSONSchemaProps schema, List<String> out) {
    if (schema == null) {
      out.add(path + ": unknown field (the API server would drop it)");
      return;
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        out.add(path + ": must be an integer or a string");
      }
      return;
    }
    if (schema.getEnum() != null
        && !schema.getEnum().isEmpty()
        && !schema.getEnum().contains(value)) {
      out.add(path + ": " + value + " is not one of " + schema.getEnum());
    }
    String type = schema.getType();
    if (type == null) {
      return;
    }
    switch (type) {
      case "object" -> checkObject(path, value, schema, out);
      case "array" -> {
        if (!value.isArray()) {
          out.add(path + ": must be an array");
        } else if (schema.getItems() != null) {
          for (int i = 0; i < value.size(); i++) {
            check(path + "[" + i + "]", value.get(i), schema.getItems().getSchema(), out);
          }
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          out.add(path + ": must be a string, is " + value);
          return;
        }
        String text = value.asText();
        if (schema.getPattern() != null
            && !Pattern.compile(schema.getPattern()).matcher(text).find()) {
          out.add(path + ": '" + text + "' does not match " + schema.getPattern());
        }
        if (schema.getMaxLength() != null && text.length() > schema.getMaxLength()) {
          out.add(path + ": longer than " + schema.getMaxLength());
        }
        if (schema.getMinLength() != null && text.length() < schema.getMinLength()) {
          out.add(path + ": shorter than " + schema.getMinLength());
        }
      }
      case "integer", "number" -> {
        if (!value.isNumber() || (type.equals("integer") && !value.isIntegralNumber())) {
          out.add(path + ": must be " + type + ", is " + value);
          return;
        }
        if (schema.getMinimum() != null && value.asDouble() < schema.getMinimum()) {
          out.add(path + ": below " + schema.getMinimum());
        }
        if (schema.getMaximum() != null && value.asDouble() > schema.getMaximum()) {
          out.add(path + ": above " + schema.getMaximum());
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(path + ": must be true or false, is " + value);
        }
      }
      default -> out.add(path + ": schema type " + type + " not understood by this check");
    }
  }

  private static void checkObject(
      String path, JsonNode value, JSONSchemaProps schema, List<String> out) {
    if (!value.isObject()) {
      out.add(path + ": must be an object");
      return;
    }
    if (schema.getRequired() != null) {
      for (String name : schema.getRequired()) {
        if (!value.has(name)) {
          out.add(path + "." + name + ": required");
        }
      }
    }
    boolean preserve = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
    JSONSchemaProps additional =
        schema.getAdditionalProperties() != null
            ? schema.getAdditionalProperties().getSchema()
            : null;
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      JSONSchemaProps fieldSchema =
          schema.getProperties() != null ? schema.getProperties().get(field.getKey()) : null;
      if (fieldSchema == null && additional != null) {
        fieldSchema = additional;
      }
      if (fieldSchema == null && preserve) {
        continue;
      }
      check(path + "." + field.getKey(), field.getValue(), fieldSchema, out);
    }
  }
}
