package dev.mcpspawner.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU and resident memory of a process, from Linux's {@code /proc}; 0 once it has exited. */
final class ProcStats {
  /** Nanoseconds per clock tick ({@code USER_HZ} is 100 on Linux). */
  static final long TICK_NANOS = 10_000_000L;

  /** User plus system CPU, in clock ticks ({@code utime} and {@code stime} of its stat). */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // Fields after the command (which may hold spaces and parentheses): utime is the 12th.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }

  /** Resident set size in kB ({@code VmRSS}). */
  static long rssKb(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
          .filter(l -> l.startsWith("VmRSS:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
          .findFirst()
          .orElse(0);
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }

  private ProcStats() {}
}
