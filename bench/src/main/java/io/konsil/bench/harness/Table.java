package io.konsil.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact result table, printed aligned to the console and appended as Markdown to
 * {@code bench/target/bench-results.md} so figures can be pasted into docs/benchmarks.md unchanged.
 */
public final class Table {
  private final String title;
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public Table(String title, String... header) {
    this.title = title;
    this.header = List.of(header);
  }

  public Table row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  public Table note(String note) {
    notes.add(note);
    return this;
  }

  public void print() {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], i < r.size() ? r.get(i).length() : 0);
      }
    }
    StringBuilder out = new StringBuilder("\n== ").append(title).append(" ==\n");
    line(out, header, w);
    StringBuilder sep = new StringBuilder();
    for (int x : w) {
      sep.append("-".repeat(x)).append("  ");
    }
    out.append(sep.toString().stripTrailing()).append('\n');
    for (List<String> r : rows) {
      line(out, r, w);
    }
    for (String n : notes) {
      out.append("  * ").append(n).append('\n');
    }
    System.out.print(out);
    System.out.flush();
    appendMarkdown();
  }

  private static void line(StringBuilder out, List<String> cells, int[] w) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      l.append(i == 0 ? pad(c, w[i]) : lpad(c, w[i])).append("  ");
    }
    out.append(l.toString().stripTrailing()).append('\n');
  }

  private void appendMarkdown() {
    StringBuilder md = new StringBuilder("\n#### ").append(title).append("\n\n");
    md.append("_").append(Instant.now()).append(" — ").append(Machine.describe()).append("_\n\n");
    md.append("| ").append(String.join(" | ", header)).append(" |\n|");
    for (int i = 0; i < header.size(); i++) {
      md.append(i == 0 ? "---|" : "---:|");
    }
    md.append('\n');
    for (List<String> r : rows) {
      md.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    for (String n : notes) {
      md.append("\n- ").append(n);
    }
    md.append('\n');
    try {
      Path file = Path.of(System.getProperty("bench.results", "bench/target/bench-results.md"));
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  private static String lpad(String s, int w) {
    return " ".repeat(Math.max(0, w - s.length())) + s;
  }

  public static String f0(double v) {
    return String.format("%,.0f", v);
  }

  public static String f1(double v) {
    return String.format("%.1f", v);
  }

  public static String f2(double v) {
    return String.format("%.2f", v);
  }

  /** A ratio to the baseline, e.g. "0.83x". */
  public static String ratio(double value, double baseline) {
    return baseline <= 0 ? "n/a" : String.format("%.2fx", value / baseline);
  }

  /** Microseconds as milliseconds with two decimals. */
  public static String ms(long micros) {
    return String.format("%.2f", micros / 1000.0);
  }
}
