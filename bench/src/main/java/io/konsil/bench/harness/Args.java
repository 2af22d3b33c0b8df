package io.konsil.bench.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options of a benchmark main; unknown names are refused so a typo never goes unnoticed. */
public final class Args {
  private final Map<String, String> values = new HashMap<>();
  private final List<String> used = new ArrayList<>();

  public Args(String[] argv) {
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + argv[i]);
      }
      String name = argv[i].substring(2);
      String value = i + 1 < argv.length && !argv[i + 1].startsWith("--") ? argv[++i] : "true";
      values.put(name, value);
    }
  }

  public int integer(String name, int dflt) {
    used.add(name);
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : dflt;
  }

  public String string(String name, String dflt) {
    used.add(name);
    return values.getOrDefault(name, dflt);
  }

  public List<String> list(String name, List<String> dflt) {
    used.add(name);
    return values.containsKey(name) ? List.of(values.get(name).split(",")) : dflt;
  }

  public List<Integer> integers(String name, List<Integer> dflt) {
    used.add(name);
    if (!values.containsKey(name)) {
      return dflt;
    }
    List<Integer> out = new ArrayList<>();
    for (String s : values.get(name).split(",")) {
      out.add(Integer.parseInt(s.trim()));
    }
    return out;
  }

  /** Call after reading every option: fails on names the benchmark does not know. */
  public void checkAllUsed() {
    for (String name : values.keySet()) {
      if (!used.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + " (known: " + used + ")");
      }
    }
  }
}
