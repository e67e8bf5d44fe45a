package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of a filtered list.
 *
 * @param items this page
 * @param total how many items match the filter, over all pages
 * @param next the {@code continue} value for the next page; absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> items, int total, @JsonProperty("continue") String next) {}
