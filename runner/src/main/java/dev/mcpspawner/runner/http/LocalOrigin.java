package dev.mcpspawner.runner.http;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.util.Locale;

/** Whether a request's Host and Origin both name this machine (DNS-rebinding protection). */
final class LocalOrigin {
  private LocalOrigin() {}

  static boolean isLocal(Headers headers) {
    String host = headers.getFirst("Host");
    if (host != null && !isLocalHost(stripPort(host))) {
      return false;
    }
    String origin = headers.getFirst("Origin");
    if (origin == null || origin.equals("null")) {
      return true;
    }
    try {
      String originHost = URI.create(origin).getHost();
      return originHost != null && isLocalHost(originHost);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static boolean isLocalHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
  }
}
