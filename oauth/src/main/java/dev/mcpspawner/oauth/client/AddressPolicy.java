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
      return isPublicV6(b);
    }
    return false;
  }

  /**
   * IPv6, where an IPv4 address can hide inside: those forms are judged by the IPv4 address, since
   * a gateway with a 6to4 or Teredo route, a NAT64 or a dual stack would deliver to it.
   */
  private static boolean isPublicV6(byte[] b) {
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if ((b0 & 0xfe) == 0xfc) {
      return false; // fc00::/7 unique local
    }
    if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return false; // 2001:db8::/32 documentation
    }
    if (b0 == 0x20 && b1 == 0x02) {
      return isPublicV4(v4(b, 2)); // 2002::/16 6to4: 2002:AABB:CCDD::
    }
    if (b0 == 0x20 && b1 == 0x01 && b[2] == 0 && b[3] == 0) {
      // 2001::/32 Teredo: the server's IPv4 in bits 32-63, the client's in the last 32, inverted
      byte[] client = v4(b, 12);
      for (int i = 0; i < 4; i++) {
        client[i] ^= (byte) 0xff;
      }
      return isPublicV4(v4(b, 4)) && isPublicV4(client);
    }
    if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      // 64:ff9b::/96 well-known NAT64 prefix; 64:ff9b:1::/48 is for local use (RFC 8215)
      return b[4] == 0 && b[5] == 0 && isPublicV4(v4(b, 12));
    }
    if (b0 == 0) {
      boolean firstTenZero = true;
      for (int i = 0; i < 10; i++) {
        firstTenZero &= b[i] == 0;
      }
      int b10 = b[10] & 0xff;
      int b11 = b[11] & 0xff;
      if (firstTenZero && ((b10 == 0 && b11 == 0) || (b10 == 0xff && b11 == 0xff))) {
        // ::a.b.c.d (compatible) and ::ffff:a.b.c.d (mapped; Java usually hands these over as
        // Inet4Address already): judge the IPv4 address inside.
        return isPublicV4(v4(b, 12));
      }
      return false; // the rest of ::/8 is reserved, nothing public lives there
    }
    if (b0 == 0x01 && b1 == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0) {
      return false; // 100::/64 discard-only
    }
    return true;
  }

  private static byte[] v4(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
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
