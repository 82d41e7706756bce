package org.fwsim.firmware.rest;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;
import org.fwsim.firmware.cli.Secrets;

/**
 * {@code execute api-user generate-key <name>}: makes a new API token for an existing api-user,
 * keeps its hash in the configuration and prints the key once, as FortiOS does.
 */
public final class ApiUserCommands implements CommandFeature {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public void bind(CommandRegistry r) {
    r.bind("execute api-user generate-key", ApiUserCommands::generateKey);
  }

  private static String generateKey(CommandContext ctx, List<String> args) throws CliException {
    String name = CommandArgs.one(args);
    if (ctx.tree().global().table("system api-user").get(name) == null) {
      throw new CliException("entry not found in datasource", ReturnCodes.NOT_FOUND);
    }
    String key = ApiKeys.newKey(RANDOM);
    ctx.tree()
        .updateEntry(
            org.fwsim.firmware.cli.ConfigTree.ROOT_VDOM,
            "system api-user",
            name,
            Map.of("api-key", Secrets.conceal(ApiKeys.hash(key))));
    return "New API key: "
        + key
        + "\nNOTE: The bearer of this API key will be granted all access"
        + " privileges assigned to the api-user "
        + name
        + ".\n\n";
  }
}
