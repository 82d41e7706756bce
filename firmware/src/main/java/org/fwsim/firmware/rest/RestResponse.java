package org.fwsim.firmware.rest;

import java.util.List;

/**
 * One REST answer: the HTTP status, the body (JSON, or the short text FortiOS answers {@code
 * /logincheck} with) and the cookies to set, each a whole {@code Set-Cookie} value.
 */
public record RestResponse(int status, String contentType, String body, List<String> setCookies) {

  public RestResponse {
    setCookies = List.copyOf(setCookies);
  }

  static RestResponse json(int status, String body) {
    return new RestResponse(status, "application/json", body, List.of());
  }
}
