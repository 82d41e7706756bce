package org.fwsim.firmware.cert;

import java.util.List;
import org.fwsim.firmware.scep.client.ScepOutcome;

/**
 * Writes what it hears into a list, one line an event: {@code started <name>} and {@code ended
 * <name> <status>}, for tests that check the order of enrollments' starts and ends.
 */
public final class RecordingEnrollmentListener implements EnrollmentListener {

  private final List<String> heard;

  public RecordingEnrollmentListener(List<String> heard) {
    this.heard = heard;
  }

  @Override
  public void started(String vdom, String certificate) {
    heard.add("started " + certificate);
  }

  @Override
  public void ended(String vdom, ScepOutcome outcome) {
    heard.add("ended " + outcome.certificate() + " " + outcome.status());
  }
}
