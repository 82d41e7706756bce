package org.fwsim.firmware.cli;

/**
 * A command that FortiOS would refuse: carries the lines FortiOS prints and its return code.
 *
 * <p>The printed form is the message lines followed by {@code Command fail. Return code -N}.
 */
public final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int returnCode;

  public CliException(String message, int returnCode) {
    super(message);
    this.returnCode = returnCode;
  }

  /** FortiOS-style return code, negative. */
  public int returnCode() {
    return returnCode;
  }

  /** The text the CLI prints for this failure, ending with a newline. */
  public String render() {
    String msg = getMessage();
    return (msg == null || msg.isEmpty() ? "" : msg + "\n")
        + "Command fail. Return code "
        + returnCode
        + "\n";
  }

  /** {@code command parse error before 'token'}, return code -61. */
  public static CliException parse(String token) {
    return new CliException("command parse error before '" + token + "'", ReturnCodes.INVALID);
  }

  /** {@code value parse error before 'token'}, return code -61. */
  static CliException value(String token) {
    return new CliException("value parse error before '" + token + "'", ReturnCodes.INVALID);
  }

  /** {@code entry not found in datasource}, return code -3. */
  static CliException notFound() {
    return new CliException("entry not found in datasource", ReturnCodes.NOT_FOUND);
  }
}
