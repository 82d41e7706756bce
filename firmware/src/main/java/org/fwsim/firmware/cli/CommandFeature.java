package org.fwsim.firmware.cli;

/**
 * A feature's non-config commands: their schema is {@code <SimpleName>.cli} beside the feature's
 * class, and {@link #bind} gives each of them its handler. {@link CommandRegistry#install} does
 * both, so every feature registers the same way.
 */
public interface CommandFeature {

  /** Gives the commands of the feature's schema their handlers ({@link CommandRegistry#bind}). */
  void bind(CommandRegistry r);
}
