package io.konsil.common.audit;

/**
 * The outcome of walking the chain: how many entries were checked and, when it is broken, the first broken link
 * ({@code brokenAt}, the seq of the first entry that is missing, altered or no longer linked to the one before) and why.
 */
public record Verification(long entries, Long brokenAt, String reason) {

  public boolean intact() {
    return brokenAt == null;
  }

  public static Verification intact(long entries) {
    return new Verification(entries, null, null);
  }

  public static Verification broken(long checked, long at, String reason) {
    return new Verification(checked, at, reason);
  }
}
