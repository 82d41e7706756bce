package org.fwsim.firmware.rest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One REST request as the appliance sees it: method, path, query parameters, body text, the
 * simulated address it came from (what {@code trusthost} is checked against) and the headers that
 * carry credentials ({@code authorization}, {@code cookie}, {@code x-csrftoken}), names in lower
 * case.
 */
public record RestRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    String body,
    int source,
    Map<String, String> headers) {

  public RestRequest {
    method = method.toUpperCase(Locale.ROOT);
    query = Map.copyOf(query);
    body = body == null ? "" : body;
    headers = Map.copyOf(headers);
  }

  /** The first value of a query parameter, or null. */
  public String param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** A header by its lower-case name, or null. */
  public String header(String name) {
    return headers.get(name);
  }
}
