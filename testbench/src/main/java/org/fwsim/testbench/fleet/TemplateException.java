package org.fwsim.testbench.fleet;

/** A fleet template that cannot be read or expanded; the message names the file, line and cause. */
public final class TemplateException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  TemplateException(String source, int line, String message) {
    super(source + ":" + line + ": " + message);
  }
}
