package org.fwsim.testbench.report;

/** Shards that do not make one run, or a file that is no shard's results: one line saying which. */
public final class MergeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  MergeException(String message) {
    super(message);
  }
}
