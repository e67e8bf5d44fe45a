package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.oauth.client.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * An IPv4 address inside an IPv6 one is judged as that IPv4 address: loopback (127.0.0.1) and the
 * cloud metadata address (169.254.169.254) are refused in every wrapping, a public one is not.
 */
class AddressPolicyTest {

  private static boolean isPublic(String address) throws UnknownHostException {
    return AddressPolicy.isPublic(InetAddress.getByName(address));
  }

  @Test
  void sixToFourAddressesAreJudgedByTheirIpv4() throws Exception {
    assertThat(isPublic("2002:7f00:1::")).as("127.0.0.1").isFalse();
    assertThat(isPublic("2002:7f00:1::1")).as("127.0.0.1, host 1").isFalse();
    assertThat(isPublic("2002:a9fe:a9fe::")).as("169.254.169.254").isFalse();
    assertThat(isPublic("2002:a00:1::")).as("10.0.0.1").isFalse();
    assertThat(isPublic("2002:808:808::1")).as("8.8.8.8").isTrue();
  }

  @Test
  void teredoAddressesAreJudgedByTheClientsInvertedIpv4() throws Exception {
    // server 65.54.227.120 (public); client address stored inverted in the last 32 bits
    assertThat(isPublic("2001:0:4136:e378:8000:63bf:80ff:fffe")).as("127.0.0.1").isFalse();
    assertThat(isPublic("2001:0:4136:e378:8000:63bf:5601:5601")).as("169.254.169.254").isFalse();
    assertThat(isPublic("2001:0:4136:e378:8000:63bf:f7f7:f7f7")).as("8.8.8.8").isTrue();
    // a Teredo server address inside the cluster is refused as well
    assertThat(isPublic("2001:0:a00:1:8000:63bf:f7f7:f7f7")).as("server 10.0.0.1").isFalse();
  }

  @Test
  void mappedAndCompatibleAddressesAreJudgedByTheirIpv4() throws Exception {
    assertThat(isPublic("::ffff:127.0.0.1")).isFalse();
    assertThat(isPublic("::ffff:169.254.169.254")).isFalse();
    assertThat(isPublic("::127.0.0.1")).isFalse();
    assertThat(isPublic("::169.254.169.254")).isFalse();
    assertThat(isPublic("::ffff:8.8.8.8")).isTrue();
    assertThat(isPublic("::8.8.8.8")).isTrue();
    // the rest of ::/8 is reserved: nothing public there, whatever the last 32 bits say
    assertThat(isPublic("::1:0:808:808")).isFalse();
  }

  @Test
  void nat64AddressesAreJudgedByTheirIpv4() throws Exception {
    assertThat(isPublic("64:ff9b::7f00:1")).as("127.0.0.1").isFalse();
    assertThat(isPublic("64:ff9b::a9fe:a9fe")).as("169.254.169.254").isFalse();
    assertThat(isPublic("64:ff9b::808:808")).as("8.8.8.8").isTrue();
    // 64:ff9b:1::/48 is a local-use prefix (RFC 8215): a translator inside the network
    assertThat(isPublic("64:ff9b:1::808:808")).isFalse();
  }

  @Test
  void ordinaryGlobalIpv6IsPublic() throws Exception {
    assertThat(isPublic("2606:4700:4700::1111")).isTrue();
    assertThat(isPublic("2a00:1450:4001:80b::200e")).isTrue();
    assertThat(isPublic("100::1")).as("discard-only").isFalse();
  }
}
