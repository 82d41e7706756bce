package org.fwsim.firmware.egress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.config.VpnCertificateSetting;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Underlay;

/**
 * The egress daemon of one appliance: follows the configuration (each VDOM's {@code config vpn
 * certificate setting} and {@code config system sdwan}), runs one {@link SdwanHealth} per VDOM with
 * SD-WAN enabled, and answers the SCEP client's egress question with {@code
 * interface-select-method} auto, specify or sdwan.
 *
 * <p>It is the SCEP client's {@link EgressSelector}: the client depends on that one small
 * interface, and this class puts the selection rules ({@link EgressRules}) behind it.
 *
 * <p>Threading: {@link #apply} and {@link #stop} on the appliance's mailbox; selection reads
 * immutable snapshots and may run on any thread.
 */
public final class EgressDaemon implements EgressSelector {

  private final Appliance appliance;
  private final Underlay underlay;
  private final LatencyMeter meter;
  private final EgressRules rules = new EgressRules();

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
        rules.setCertificateSetting(
            v.name(),
            v.certificateSetting() == null
                ? VpnCertificateSetting.DEFAULTS
                : v.certificateSetting());
        next = applySdwan(v.name(), running(v.sdwan()), next);
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
   * The SD-WAN configuration to run: {@link SdwanConfig#DISABLED} when off, so that turning it off
   * compares equal whatever stays configured.
   *
   * @throws IllegalArgumentException naming what the simulator cannot carry
   */
  private static SdwanConfig running(SdwanConfig cfg) {
    if (cfg == null || !cfg.enabled()) {
      return SdwanConfig.DISABLED;
    }
    String problem = cfg.problem();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return cfg;
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
        rules.attachSdwan(vdom, null);
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
    rules.attachSdwan(vdom, h);
    return next;
  }

  /** Stops every health check and restores the routes they withdrew. Mailbox only. */
  public void stop() {
    for (SdwanHealth h : health.values()) {
      h.stop();
      rules.attachSdwan(h.vdom(), null);
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
  public EgressRules rules() {
    return rules;
  }

  @Override
  public Egress select(String vdom, int destination, int sourceIp) throws EgressException {
    return rules.select(appliance, vdom, destination, sourceIp);
  }
}
