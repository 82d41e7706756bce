package org.fwsim.firmware.cli;

/**
 * Measures the heap one appliance configuration costs (tree + typed view), not a unit test: {@code
 * java -Xmx1g -cp firmware/target/classes:firmware/target/test-classes
 * org.fwsim.firmware.cli.ConfigFootprint 10000}.
 */
public final class ConfigFootprint {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    String script =
        """
        config system global
        set hostname "FGT-%d"
        end
        config system interface
        edit port1
        set ip 10.%d.1.1/24
        set allowaccess ping https ssh
        next
        edit port2
        set ip 10.%d.2.1/24
        next
        edit port3
        set ip 10.%d.3.1/24
        next
        edit port4
        set ip 10.%d.4.1/24
        next
        end
        config router static
        edit 1
        set gateway 10.1.1.254
        set device port1
        next
        end
        config vpn certificate local
        edit FAC_SCEP
        set scep-url "http://10.5.149.111/app/cert/scep/"
        set enroll-protocol scep
        set auto-regenerate-days 7
        set auto-regenerate-days-warning 14
        set scep-password fortinet
        next
        end
        """;
    ConfigTree[] trees = new ConfigTree[n];
    Runtime rt = Runtime.getRuntime();
    System.gc();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    for (int i = 0; i < n; i++) {
      trees[i] = new ConfigTree();
      new CliSession(trees[i]).run(script.formatted(i, i % 250, i % 250, i % 250, i % 250));
    }
    System.gc();
    System.gc();
    long after = rt.totalMemory() - rt.freeMemory();
    System.out.printf(
        "%d trees: %.1f bytes/tree (tree + typed view)%n", n, (after - before) / (double) n);
    System.out.println(trees[n - 1].hostname());
  }
}
