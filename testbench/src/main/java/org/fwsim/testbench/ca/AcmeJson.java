package org.fwsim.testbench.ca;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The ACME server's JSON on Jackson: reading a client's object, writing the server's. */
final class AcmeJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AcmeJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * {@code bytes} as a JSON object.
   *
   * @throws AcmeProblem malformed when it is no JSON object
   */
  static JsonNode read(byte[] bytes, String what) throws AcmeProblem {
    try {
      JsonNode n = MAPPER.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw AcmeProblem.malformed(what + " is no JSON object");
      }
      return n;
    } catch (IOException e) {
      String why = String.valueOf(e.getMessage());
      int eol = why.indexOf('\n');
      throw AcmeProblem.malformed(what + " is no JSON: " + (eol < 0 ? why : why.substring(0, eol)));
    }
  }

  static String write(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static byte[] bytes(JsonNode n) {
    return write(n).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
