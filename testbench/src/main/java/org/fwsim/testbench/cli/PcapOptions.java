package org.fwsim.testbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.sniffer.DeviceCaptures;
import org.fwsim.firmware.sniffer.PacketSniffer;
import picocli.CommandLine.Option;

/**
 * {@code --pcap DIR} and {@code --pcap-devices}, the same for {@code storm} and {@code fleet}: a
 * pcap file per chosen device, with the simulated addresses, as {@code sim sniffer start any}
 * writes it.
 */
public final class PcapOptions {

  @Option(
      names = "--pcap",
      paramLabel = "DIR",
      description =
          "Capture the packets of the devices --pcap-devices chooses, every interface, into"
              + " DIR/<device>.pcap (simulated addresses; Wireshark and tshark read it); the files"
              + " are complete when the run ends or the process is stopped.")
  public Path dir;

  @Option(
      names = "--pcap-devices",
      paramLabel = "N|NAME,...",
      defaultValue = "1",
      description =
          "Which devices --pcap captures: a number N for the first N devices, or device names"
              + " separated by commas, e.g. FGT-00007,FGT-00042 (default: ${DEFAULT-VALUE}).")
  public String devices = "1";

  /**
   * Refuses a selection that names no device of {@code names} (the run's, in order); nothing
   * without {@code --pcap}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public void check(List<String> names) {
    if (dir != null) {
      choose(devices, names);
    }
  }

  /**
   * The devices to capture, by name in the order chosen: {@code N} takes the first N of {@code
   * names}, else the comma-separated names, each of which must be one of {@code names}.
   *
   * @throws IllegalArgumentException for a count below 1 or an unknown name
   */
  public static List<Integer> choose(String selection, List<String> names) {
    String s = selection == null ? "" : selection.strip();
    if (s.matches("[0-9]{1,9}")) {
      int n = Integer.parseInt(s);
      if (n < 1) {
        throw new IllegalArgumentException("--pcap-devices must choose at least 1 device, got 0");
      }
      return java.util.stream.IntStream.range(0, Math.min(n, names.size())).boxed().toList();
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    return java.util.Arrays.stream(s.split(","))
        .map(String::strip)
        .distinct()
        .map(
            name -> {
              Integer i = index.get(name);
              if (i == null) {
                throw new IllegalArgumentException(
                    "--pcap-devices: no device " + (name.isEmpty() ? "''" : name) + " in this run");
              }
              return i;
            })
        .toList();
  }

  /**
   * Starts the captures, or returns null without {@code --pcap}; says where they go on {@code out}.
   *
   * @param names every device's name, in run order
   * @param firmware the booted firmware of device {@code i}
   * @param timeout how long one device may take to start or stop its capture
   */
  public DeviceCaptures start(
      List<String> names, IntFunction<Firmware> firmware, Duration timeout, PrintStream out)
      throws IOException {
    if (dir == null) {
      return null;
    }
    Map<String, PacketSniffer> chosen = new LinkedHashMap<>();
    for (int i : choose(devices, names)) {
      chosen.put(names.get(i), firmware.apply(i).sniffer());
    }
    DeviceCaptures captures = DeviceCaptures.start(dir, chosen, timeout);
    out.println(
        "Capturing "
            + chosen.size()
            + (chosen.size() == 1 ? " device" : " devices")
            + " to "
            + dir
            + ": "
            + String.join(", ", chosen.keySet()));
    out.flush();
    return captures;
  }
}
