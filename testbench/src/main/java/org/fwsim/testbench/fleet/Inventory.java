package org.fwsim.testbench.fleet;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.fwsim.hal.net.Ip4;

/**
 * What {@code fwsim fleet} tells the tools that drive it: {@code inventory.csv} (one row per
 * device: {@code name,serial,mgmt_ip,ssh,https}) and an Ansible inventory in YAML. An endpoint a
 * plane does not serve is left empty.
 */
final class Inventory {
  static final String CSV_HEADER = "name,serial,mgmt_ip,ssh,https";

  /** One device's row: endpoints by service ({@code ssh}, {@code https}), reachable here. */
  record Row(
      String name, String serial, int mgmtAddress, Map<String, InetSocketAddress> endpoints) {
    Row {
      endpoints = Map.copyOf(endpoints);
    }

    String endpoint(String service) {
      InetSocketAddress a = endpoints.get(service);
      return a == null ? "" : a.getHostString() + ":" + a.getPort();
    }
  }

  private Inventory() {}

  static String csv(List<Row> rows) {
    StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
    for (Row r : rows) {
      b.append(r.name())
          .append(',')
          .append(r.serial())
          .append(',')
          .append(Ip4.toString(r.mgmtAddress()))
          .append(',')
          .append(r.endpoint("ssh"))
          .append(',')
          .append(r.endpoint("https"))
          .append('\n');
    }
    return b.toString();
  }

  /**
   * An Ansible inventory: group {@code fortigates}, one host per device with its SSH and HTTPS
   * endpoints, and the variables the {@code fortinet.fortios} collection reads (httpapi over TLS,
   * the simulator's self-signed certificate not validated).
   */
  static String yaml(List<Row> rows, String adminUser) {
    StringBuilder b =
        new StringBuilder("# Written by fwsim fleet; regenerated at every start.\n")
            .append("all:\n  children:\n    fortigates:\n      vars:\n")
            .append("        ansible_user: ")
            .append(adminUser)
            .append('\n')
            .append("        ansible_network_os: fortinet.fortios.fortios\n")
            .append("        ansible_connection: httpapi\n")
            .append("        ansible_httpapi_use_ssl: true\n")
            .append("        ansible_httpapi_validate_certs: false\n")
            .append("      hosts:\n");
    for (Row r : rows) {
      b.append("        ").append(r.name()).append(":\n");
      InetSocketAddress https = r.endpoints().get("https");
      InetSocketAddress ssh = r.endpoints().get("ssh");
      InetSocketAddress any = https != null ? https : ssh;
      if (any != null) {
        b.append("          ansible_host: ").append(any.getHostString()).append('\n');
      }
      if (https != null) {
        b.append("          ansible_httpapi_port: ").append(https.getPort()).append('\n');
      }
      if (ssh != null) {
        b.append("          ansible_port: ").append(ssh.getPort()).append('\n');
      }
      b.append("          serial: ").append(r.serial()).append('\n');
      b.append("          mgmt_ip: ").append(Ip4.toString(r.mgmtAddress())).append('\n');
    }
    return b.toString();
  }
}
