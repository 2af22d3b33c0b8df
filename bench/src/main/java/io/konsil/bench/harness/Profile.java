package io.konsil.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where a server under test spends its CPU: a JDK Flight Recorder recording started and stopped with jcmd around a
 * measurement window, summarised as the hottest methods by self time (top of stack) and by inclusive time (anywhere
 * on the stack). Only with {@code --profile}; the recording itself costs a few percent.
 */
public final class Profile {
  private final ServerProcess server;
  private final Path file;

  private Profile(ServerProcess server, Path file) {
    this.server = server;
    this.file = file;
  }

  public static Profile start(ServerProcess server) {
    Path file = Path.of("bench", "target", "logs", server.name() + ".jfr").toAbsolutePath();
    server.jcmdPublic("JFR.start", "name=bench", "settings=profile", "filename=" + file);
    return new Profile(server, file);
  }

  /** Stops the recording and returns a printable summary. */
  public List<String> stop(int top) {
    server.jcmdPublic("JFR.stop", "name=bench");
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "print",
          "--events", "jdk.ExecutionSample", "--stack-depth", "40", file.toString())
          .redirectErrorStream(true).start();
      Path out = Files.createTempFile("jfr", ".txt");
      Files.copy(p.getInputStream(), out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      p.waitFor(120, TimeUnit.SECONDS);
      Map<String, Integer> self = new HashMap<>();
      Map<String, Integer> inclusive = new HashMap<>();
      int samples = 0;
      List<String> stack = new ArrayList<>();
      boolean inStack = false;
      for (String line : Files.readAllLines(out)) {
        String t = line.trim();
        if (t.startsWith("stackTrace = [")) {
          inStack = true;
          stack.clear();
        } else if (inStack && t.startsWith("]")) {
          inStack = false;
          if (!stack.isEmpty()) {
            samples++;
            self.merge(stack.get(0), 1, Integer::sum);
            Set<String> seen = new HashSet<>(stack);
            seen.forEach(m -> inclusive.merge(m, 1, Integer::sum));
          }
        } else if (inStack && !t.equals("...")) {
          int paren = t.indexOf('(');
          stack.add(paren > 0 ? t.substring(0, paren) : t);
        }
      }
      Files.deleteIfExists(out);
      List<String> lines = new ArrayList<>();
      lines.add("JFR " + samples + " samples of " + server.name() + " (" + file + ")");
      lines.add("self time:");
      topOf(self, samples, top, lines, false);
      lines.add("inclusive time, Konsil and Vert.x frames:");
      topOf(inclusive, samples, top, lines, true);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void topOf(Map<String, Integer> counts, int samples, int top, List<String> out, boolean ours) {
    counts.entrySet().stream()
        .filter(e -> !ours || e.getKey().startsWith("io.konsil") || e.getKey().startsWith("io.vertx.core.json")
            || e.getKey().startsWith("io.micrometer"))
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(top)
        .forEach(e -> out.add(String.format("  %5.1f%%  %s", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
  }
}
