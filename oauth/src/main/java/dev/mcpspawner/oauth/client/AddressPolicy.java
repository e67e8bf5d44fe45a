package dev.mcpspawner.oauth.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * Which addresses the gateway may connect to on a client's behalf (Client ID Metadata Documents):
 * public unicast only. Loopback, private (RFC 1918, ULA), link-local (incl. cloud metadata at
 * 169.254.169.254), carrier-grade NAT, multicast, unspecified and documentation ranges are refused.
 */
public final class AddressPolicy {
  private AddressPolicy() {}

  public static Predicate<InetAddress> publicOnly() {
    return AddressPolicy::isPublic;
  }

  /** Test setting: public addresses and loopback. */
  public static Predicate<InetAddress> publicOrLoopback() {
    return a -> a.isLoopbackAddress() || isPublic(a);
  }

  public static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      return isPublicV4(b);
    }
    if (a instanceof Inet6Address) {
      int b0 = b[0] & 0xff;
      if ((b0 & 0xfe) == 0xfc) {
        return false; // fc00::/7 unique local
      }
      if (b0 == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
        return false; // 2001:db8::/32 documentation
      }
      boolean firstTenZero = true;
      for (int i = 0; i < 10; i++) {
        firstTenZero &= b[i] == 0;
      }
      if (firstTenZero) {
        // ::a.b.c.d (compatible) and ::ffff:a.b.c.d (mapped; Java usually hands these over as
        // Inet4Address already): judge the IPv4 address inside.
        return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
      }
      if (b0 == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
        return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]}); // 64:ff9b::/96 NAT64
      }
      return true;
    }
    return false;
  }

  private static boolean isPublicV4(byte[] b) {
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    int b2 = b[2] & 0xff;
    return !(b0 == 0
        || b0 == 10
        || b0 == 127
        || (b0 == 100 && (b1 & 0xc0) == 64)
        || (b0 == 169 && b1 == 254)
        || (b0 == 172 && (b1 & 0xf0) == 16)
        || (b0 == 192 && b1 == 168)
        || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2))
        || (b0 == 198 && (b1 == 18 || b1 == 19))
        || (b0 == 198 && b1 == 51 && b2 == 100)
        || (b0 == 203 && b1 == 0 && b2 == 113)
        || b0 >= 224);
  }
}
