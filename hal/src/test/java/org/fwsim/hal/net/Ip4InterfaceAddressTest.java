package org.fwsim.hal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ip4InterfaceAddressTest {

  @Test
  void bothFormsKeepTheHostBitsAndTheirPrefixClearsThem() {
    Ip4InterfaceAddress slash = Ip4InterfaceAddress.parse("10.0.1.7/24");
    Ip4InterfaceAddress mask = Ip4InterfaceAddress.parse(" 10.0.1.7   255.255.255.0 ");
    assertEquals(slash, mask);
    assertEquals(Ip4.of(10, 0, 1, 7), slash.address());
    assertEquals("10.0.1.7/24", slash.toString());
    assertEquals(Ip4Prefix.parse("10.0.1.0/24"), slash.prefix());
    assertEquals(Ip4.of(255, 255, 255, 0), slash.mask());
  }

  @Test
  void malformedTextNamesItself() {
    for (String bad : new String[] {"", "10.0.0.1", "10.0.0.1/33", "10.0.0.1 255.0.255.0", "a/8"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Ip4InterfaceAddress.parse(bad));
      assertTrue(e.getMessage().contains("IPv4 prefix"), e.getMessage());
    }
  }
}
