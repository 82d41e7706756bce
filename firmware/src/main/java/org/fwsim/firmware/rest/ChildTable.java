package org.fwsim.firmware.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.fwsim.firmware.cli.ConfigTable;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.cli.NodeSchema;

/**
 * A cmdb path into a table inside an entry or a singleton, as FortiOS serves them: {@code
 * /api/v2/cmdb/system/sdwan/members[/<seq-num>]}, {@code
 * /api/v2/cmdb/firewall/policy/<id>/srcaddr[/<name>]}. GET lists or reads, POST adds, PUT changes,
 * DELETE removes one entry; writes run as CLI lines inside the parent's block, like every cmdb
 * write. Mailbox only.
 *
 * @param parentKey the parent entry's key, or null when the parent is a singleton
 * @param table the child table as the configuration holds it now
 */
record ChildTable(NodeSchema top, String parentKey, NodeSchema child, ConfigTable table) {
  private static final ObjectMapper JSON = new ObjectMapper();

  RestResponse handle(RestApi api, ConfigTree tree, RestRequest req, String vdom, String key) {
    return switch (req.method()) {
      case "GET" -> get(api, req, vdom, key);
      case "POST", "PUT" -> write(api, tree, req, vdom, key, req.method().equals("POST"));
      case "DELETE" -> delete(api, tree, req, vdom, key);
      default -> RestResponse.json(405, api.error(req, vdom, 405, 0).toString());
    };
  }

  private RestResponse get(RestApi api, RestRequest req, String vdom, String key) {
    if (key != null && table.get(key) == null) {
      return notFound(api, req, vdom);
    }
    ObjectNode env = api.envelope(req, vdom, 200);
    ArrayNode results = env.putArray("results");
    for (String k : key == null ? table.keys() : List.of(key)) {
      results.add(CmdbJson.object(child, k, table.get(k), null));
    }
    if (key != null) {
      env.put("mkey", key);
    }
    env.put("matched_count", results.size());
    return RestApi.ok(env);
  }

  private RestResponse write(
      RestApi api, ConfigTree tree, RestRequest req, String vdom, String key, boolean create) {
    JsonNode body;
    try {
      body = req.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(req.body());
    } catch (JsonProcessingException e) {
      return RestResponse.json(400, api.error(req, vdom, 400, 0).toString());
    }
    if (!body.isObject()) {
      return RestResponse.json(400, api.error(req, vdom, 400, 0).toString());
    }
    String k = key;
    if (create) {
      JsonNode given = body.get(child.keyName());
      k = given != null ? given.asText() : key;
      if (k == null && child.kind() == NodeSchema.Kind.NUMBERED_TABLE) {
        k = RestApi.nextNumber(table);
      }
      if (k == null) {
        return RestResponse.json(400, api.error(req, vdom, 400, 0).toString());
      }
      if (table.get(k) != null) {
        return RestResponse.json(500, api.error(req, vdom, 500, RestApi.DUPLICATE).toString());
      }
    } else if (k == null) {
      return RestResponse.json(405, api.error(req, vdom, 405, 0).toString());
    } else if (table.get(k) == null) {
      return notFound(api, req, vdom);
    }
    CmdbScript script = open(tree, vdom);
    script.edit(k);
    script.sets(child, body);
    script.line("next");
    return run(api, script, req, vdom, k);
  }

  private RestResponse delete(
      RestApi api, ConfigTree tree, RestRequest req, String vdom, String key) {
    if (key == null) {
      return RestResponse.json(405, api.error(req, vdom, 405, 0).toString());
    }
    if (table.get(key) == null) {
      return notFound(api, req, vdom);
    }
    CmdbScript script = open(tree, vdom);
    script.delete(key);
    return run(api, script, req, vdom, key);
  }

  /** {@code config <top>} [{@code edit <parent>}] {@code config <child>}. */
  private CmdbScript open(ConfigTree tree, String vdom) {
    CmdbScript script = new CmdbScript(top, vdom, tree.multiVdom());
    if (parentKey != null) {
      script.edit(parentKey);
    }
    script.line("config " + child.name());
    return script;
  }

  private RestResponse run(
      RestApi api, CmdbScript script, RestRequest req, String vdom, String key) {
    script.line("end");
    if (parentKey != null) {
      script.line("next");
    }
    CmdbScript.Failure f = script.run(api.newCli());
    if (f != null) {
      return api.refused(req, vdom, f);
    }
    ObjectNode env = api.envelope(req, vdom, 200);
    env.put("mkey", key);
    return RestApi.ok(env);
  }

  private static RestResponse notFound(RestApi api, RestRequest req, String vdom) {
    return RestResponse.json(404, api.error(req, vdom, 404, RestApi.ENTRY_NOT_FOUND).toString());
  }
}
