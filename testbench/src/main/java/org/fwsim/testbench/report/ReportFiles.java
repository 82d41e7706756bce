package org.fwsim.testbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fwsim.testbench.report.model.RunResults;

/** Writes {@code results.json} and {@code report.html} of a run into {@code --out DIR}. */
public final class ReportFiles {

  public static final String JSON = "results.json";
  public static final String HTML = "report.html";

  private ReportFiles() {}

  /** Creates the directory if needed and writes both files; returns the directory. */
  public static Path write(RunResults results, Path dir, ResultsEncoder encoder) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(JSON), encoder.encode(results), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(HTML), HtmlReport.render(results), StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** As above with the standard JSON encoder. */
  public static Path write(RunResults results, Path dir) {
    return write(results, dir, ResultsEncoder.standard());
  }
}
