package io.konsil.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run happened on, printed with every result so figures are never quoted without it. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    return "nproc=" + Runtime.getRuntime().availableProcessors()
        + ", cpu=" + cpuModel()
        + ", jdk=" + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + ", os=" + System.getProperty("os.name") + " " + System.getProperty("os.version");
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }
}
