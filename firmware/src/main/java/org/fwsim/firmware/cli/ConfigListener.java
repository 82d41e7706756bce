package org.fwsim.firmware.cli;

/**
 * Told after each commit ({@code next}, {@code end}, {@code delete}, ...). It runs on the thread
 * that owns the configuration; read {@link ConfigTree#view()} for the new typed snapshot.
 */
@FunctionalInterface
public interface ConfigListener {
  void configChanged(ConfigChange change);
}
