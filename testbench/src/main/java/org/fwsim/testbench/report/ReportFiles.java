package org.fwsim.testbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fwsim.hal.io.SafeFiles;
import org.fwsim.testbench.report.model.RunResults;

/** Writes {@code results.json} and {@code report.html} of a run into {@code --out DIR}. */
public final class ReportFiles {

  public static final String JSON = "results.json";
  public static final String HTML = "report.html";

  private ReportFiles() {}

  /**
   * Creates the directory if needed and writes both files; returns the directory. Each file is
   * written beside its final name and then moved over it, so a reader (a dashboard polling {@code
   * results.json}, a CI step) sees the previous file or the new one, never half of one.
   */
  public static Path write(RunResults results, Path dir) {
    return write(dir, ResultsJson.encode(results), HtmlReport.render(results));
  }

  /** The merged {@code results.json} and {@code report.html} of a sharded storm, as above. */
  public static Path write(MergedRun merged, Path dir) {
    return write(dir, MergedJson.encode(merged), MergedHtml.render(merged));
  }

  private static Path write(Path dir, String json, String html) {
    try {
      Files.createDirectories(dir);
      replace(dir.resolve(JSON), json);
      replace(dir.resolve(HTML), html);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void replace(Path file, String text) throws IOException {
    SafeFiles.write(file, text, SafeFiles.Access.SHARED);
  }
}
