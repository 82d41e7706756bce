package org.fwsim.testbench.report;

import org.fwsim.testbench.report.model.RunResults;

/**
 * Turns run results into {@code results.json}. An interface so that the small writer used now can
 * be replaced by a JSON library (Jackson's streaming JsonGenerator would fit) without touching
 * callers.
 */
public interface ResultsEncoder {

  /** The JSON document for these results. */
  String encode(RunResults results);

  /** The encoder fwsim uses today. */
  static ResultsEncoder standard() {
    return new ResultsJson();
  }
}
