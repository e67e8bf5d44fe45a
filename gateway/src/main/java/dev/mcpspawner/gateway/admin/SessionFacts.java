package dev.mcpspawner.gateway.admin;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.gateway.session.SessionQuota;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** What the admin views read off one McpSession the same way everywhere. */
final class SessionFacts {
  /** The operator's reasons for a Failed session it refused rather than failed to start. */
  static final String QUOTA_EXCEEDED = "QuotaExceeded";

  static final String USER_DISABLED = "UserDisabled";

  private SessionFacts() {}

  /** The phase's name; a session the operator has not reported on yet is Pending. */
  static String phase(McpSession s) {
    return s.getStatus() == null || s.getStatus().getPhase() == null
        ? SessionPhase.Pending.name()
        : s.getStatus().getPhase().name();
  }

  /** Holds, or may soon hold, a pod: neither Failed nor ending (what the quota counts). */
  static boolean isOpen(McpSession s) {
    return SessionQuota.holdsAPlace(s);
  }

  static boolean isFailed(McpSession s) {
    return SessionPhase.Failed.name().equals(phase(s));
  }

  /** A Failed session the operator refused (quota, disabled user): a refusal, not a failure. */
  static boolean isRefusal(McpSession s) {
    return isFailed(s) && (QUOTA_EXCEEDED.equals(reason(s)) || USER_DISABLED.equals(reason(s)));
  }

  static String reason(McpSession s) {
    return s.getStatus() == null ? null : s.getStatus().getReason();
  }

  static String user(McpSession s) {
    return s.getSpec() == null ? null : s.getSpec().getUser();
  }

  static String server(McpSession s) {
    return s.getSpec() == null ? null : s.getSpec().getServer();
  }

  static String client(McpSession s) {
    return s.getSpec() == null || s.getSpec().getClient() == null
        ? null
        : s.getSpec().getClient().getName();
  }

  static String userSlug(McpSession s) {
    var labels = s.getMetadata().getLabels();
    return labels == null ? null : labels.get(McpSpawner.LABEL_USER);
  }

  /** The last request the gateway relayed: its annotation, else the operator's copy in status. */
  static String lastActivity(McpSession s) {
    var annotations = s.getMetadata().getAnnotations();
    String at = annotations == null ? null : annotations.get(McpSpawner.ANNOTATION_LAST_ACTIVITY);
    if (at == null && s.getStatus() != null) {
      at = s.getStatus().getLastActivityAt();
    }
    return at;
  }

  /** When the session was created, or the epoch when the API left it unset. */
  static Instant createdAt(McpSession s) {
    return instant(s.getMetadata().getCreationTimestamp());
  }

  /** An RFC 3339 instant, or the epoch when absent or unreadable. */
  static Instant instant(String text) {
    if (text == null) {
      return Instant.EPOCH;
    }
    Instant whole = wholeSecondsUtc(text);
    if (whole != null) {
      return whole;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SSZ}, the form the API server writes timestamps in, read without the
   * general formatter: listing sessions reads one per cached session, and the formatter's parse was
   * most of the time of a page of 10,000. Null for any other form (then {@link Instant#parse}).
   */
  private static Instant wholeSecondsUtc(String t) {
    if (t.length() != 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // out of range (a leap second, say): read as Instant.parse reads it
    }
  }

  private static int digits(String t, int from, int count) {
    int n = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** The session's pod: as the operator reported it, else the name it gives session pods. */
  static String podName(McpSession s) {
    return s.getStatus() != null && s.getStatus().getPodName() != null
        ? s.getStatus().getPodName()
        : dev.mcpspawner.crds.Names.podName(s.getMetadata().getName());
  }

  /**
   * Sort key: newest first when sorted descending, the name breaking ties. As text (a page's
   * cursor): the creation time in epoch milliseconds, zero-padded to 15 digits, a space, the name.
   */
  static String newestFirstKey(McpSession s) {
    return SortKey.of(s).toString();
  }

  /**
   * {@link #newestFirstKey} without making the text: the creation time and the name, compared in
   * the order of their text. Listing sessions makes one per cached session, and making the text for
   * each was half the time of a page of 10,000.
   */
  record SortKey(long createdMillis, String name) implements Comparable<SortKey> {
    static SortKey of(McpSession s) {
      return new SortKey(createdAt(s).toEpochMilli(), s.getMetadata().getName());
    }

    /** Reads {@link #toString}'s text back; IllegalArgumentException for any other. */
    static SortKey parse(String text) {
      if (text.length() < 16 || text.charAt(15) != ' ') {
        throw new IllegalArgumentException("not a session sort key");
      }
      long millis = Long.parseLong(text.substring(0, 15)); // NumberFormatException is one
      if (millis < 0) {
        throw new IllegalArgumentException("not a session sort key");
      }
      return new SortKey(millis, text.substring(16));
    }

    @Override
    public int compareTo(SortKey o) {
      int byTime = Long.compare(createdMillis, o.createdMillis);
      return byTime != 0 ? byTime : name.compareTo(o.name);
    }

    @Override
    public String toString() {
      String millis = Long.toString(createdMillis);
      StringBuilder key = new StringBuilder(16 + name.length());
      for (int i = millis.length(); i < 15; i++) {
        key.append('0');
      }
      return key.append(millis).append(' ').append(name).toString();
    }
  }
}
