package org.fwsim.firmware.egress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Underlay;

/**
 * The egress daemon of one appliance: follows the configuration (each VDOM's {@code config vpn
 * certificate setting} and {@code config system sdwan}), runs one {@link SdwanHealth} per VDOM with
 * SD-WAN enabled, and answers the SCEP client's egress question with {@code
 * interface-select-method} auto, specify or sdwan.
 *
 * <p>It is the SCEP client's {@link org.fwsim.firmware.scep.EgressSelector}: the client depends on
 * that one small interface, and this class puts this package's {@link EgressSelector} (the
 * selection rules) behind it.
 *
 * <p>Threading: {@link #apply} and {@link #stop} on the appliance's mailbox; selection reads
 * immutable snapshots and may run on any thread.
 */
public final class EgressDaemon implements org.fwsim.firmware.scep.EgressSelector {

  private final Appliance appliance;
  private final Underlay underlay;
  private final LatencyMeter meter;
  private final EgressSelector selector = new EgressSelector();

  /** Health daemons of VDOMs with SD-WAN enabled; replaced whole, so any thread may read it. */
  private volatile Map<String, SdwanHealth> health = Map.of();

  /** The SD-WAN configuration each health daemon runs, null until one runs; mailbox only. */
  private Map<String, SdwanConfig> applied;

  /**
   * @param meter the host part of probe latency, {@link LatencyMeter#NONE} for deterministic runs
   */
  public EgressDaemon(Appliance appliance, Underlay underlay, LatencyMeter meter) {
    this.appliance = Objects.requireNonNull(appliance, "appliance");
    this.underlay = Objects.requireNonNull(underlay, "underlay");
    this.meter = Objects.requireNonNull(meter, "latency meter");
  }

  /**
   * Follows a (new) configuration. Health checks restart only in VDOMs whose SD-WAN configuration
   * changed, so an unrelated commit keeps members' measurements. Mailbox only.
   *
   * @throws IllegalArgumentException naming every VDOM entry the simulator could not apply; the
   *     other VDOMs are applied, and a refused SD-WAN configuration leaves the previous one running
   */
  public void apply(ApplianceConfig config) {
    List<String> errors = null;
    // Copied only when a VDOM's SD-WAN changes: most commits (and every appliance without
    // SD-WAN) leave the health daemons as they are and allocate nothing here.
    Map<String, SdwanHealth> next = null;
    for (VdomConfig v : config.vdoms().values()) {
      try {
        selector.setCertificateSetting(
            v.name(), ConfigMapping.certificateSetting(v.certificateSetting()));
        next = applySdwan(v.name(), ConfigMapping.sdwan(v.sdwan()), next);
      } catch (IllegalArgumentException e) {
        errors = errors == null ? new ArrayList<>(2) : errors;
        errors.add("VDOM " + v.name() + ": " + e.getMessage());
      }
    }
    for (String vdom : List.copyOf(health.keySet())) {
      if (!config.vdoms().containsKey(vdom)) {
        next = applySdwan(vdom, SdwanConfig.DISABLED, next);
      }
    }
    if (next != null) {
      health = Map.copyOf(next);
    }
    if (errors != null) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
  }

  /**
   * Applies one VDOM's SD-WAN; returns the (possibly new) copy of the health daemons being built.
   */
  private Map<String, SdwanHealth> applySdwan(
      String vdom, SdwanConfig cfg, Map<String, SdwanHealth> building) {
    SdwanConfig running =
        applied == null ? SdwanConfig.DISABLED : applied.getOrDefault(vdom, SdwanConfig.DISABLED);
    if (cfg.equals(running)) {
      return building;
    }
    Map<String, SdwanHealth> next = building != null ? building : new HashMap<>(health);
    if (applied == null) {
      applied = new HashMap<>(2);
    }
    SdwanHealth h = next.get(vdom);
    if (!cfg.enabled()) {
      if (h != null) {
        h.stop();
        next.remove(vdom);
        selector.attachSdwan(vdom, null);
      }
      applied.remove(vdom);
      return next;
    }
    if (h == null) {
      h = new SdwanHealth(appliance, vdom, underlay, meter);
      next.put(vdom, h);
    }
    h.apply(cfg);
    applied.put(vdom, cfg);
    selector.attachSdwan(vdom, h);
    return next;
  }

  /** Stops every health check and restores the routes they withdrew. Mailbox only. */
  public void stop() {
    for (SdwanHealth h : health.values()) {
      h.stop();
      selector.attachSdwan(h.vdom(), null);
    }
    health = Map.of();
    applied = null;
  }

  /** The SD-WAN view of a VDOM, or null when SD-WAN is disabled there. Any thread. */
  public SdwanStatus sdwanStatus(String vdom) {
    SdwanHealth h = health.get(vdom);
    return h == null ? null : h.status();
  }

  /** The selection rules and the settings in force. */
  public EgressSelector selector() {
    return selector;
  }

  /**
   * The full egress decision (interface, source, next hop, reason) for a connection from {@code
   * vdom} to {@code destination}.
   *
   * @param sourceIp the certificate's {@code source-ip}, {@link Ip4#ANY} when unset
   * @throws EgressException naming what is wrong
   */
  public Egress egress(String vdom, int destination, int sourceIp) throws EgressException {
    return selector.select(appliance, vdom, destination, sourceIp);
  }

  @Override
  public org.fwsim.firmware.scep.Egress select(String vdom, int destination)
      throws org.fwsim.firmware.scep.EgressException {
    return select(vdom, destination, Ip4.ANY);
  }

  @Override
  public org.fwsim.firmware.scep.Egress select(String vdom, int destination, int sourceIp)
      throws org.fwsim.firmware.scep.EgressException {
    Egress e;
    try {
      e = egress(vdom, destination, sourceIp);
    } catch (EgressException ex) {
      throw new org.fwsim.firmware.scep.EgressException(ex.getMessage());
    }
    NetworkInterface nic =
        appliance
            .findInterface(e.interfaceName())
            .orElseThrow(
                () ->
                    new org.fwsim.firmware.scep.EgressException(
                        "interface " + e.interfaceName() + " no longer exists"));
    // scep.Egress carries the index forticron prints: 0 with auto (see Egress.traceIfindex).
    return new org.fwsim.firmware.scep.Egress(nic, e.sourceAddress(), e.traceIfindex());
  }
}
