package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Fast Open cookies: SipHash-2-4 of the SYN's addresses under the key, checked against cookies Linux 6.18 produced. */
class FastOpenKeyTest {
    private static final String[][] KERNEL_COOKIES = {
        // key (net.ipv4.tcp_fastopen_key)        SYN source           SYN destination      cookie this kernel sent
        {"a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4", "192.0.2.1",         "192.168.0.1",       "3021b9d889017eeb"},
        {"a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4", "fd3d:fa7b:d17d::1", "fd3d:0a0b:17d6::1", "c1d1e9742a47a9bc"},
        // corpus fastopen/server/simple1.pkt's key and addresses: passes on 6.18 under `jdrill run --target linux`
        {"a0bf63f7-ed803d81-cd641d30-cebc4a90", "10.248.0.2",        "192.168.0.2",       "00abaaabe8e954c2"},
    };

    @Test
    void cookieIsTheKernelsSipHashOfTheAddresses() throws Exception {
        for (String[] row : KERNEL_COOKIES) {
            FastOpenKey k = FastOpenKey.ofSysctl(row[0]);
            assertThat(k.cookie(InetAddress.getByName(row[1]), InetAddress.getByName(row[2])))
                    .as("%s: %s -> %s", row[0], row[1], row[2]).isEqualTo(row[3]);
        }
    }

    @Test
    void theSocketOptionsRawBytesAreTheSysctlsWordsLittleEndian() {
        // corpus fastopen/server/sockopt-fastopen-key.pkt sets these 16 bytes as the key of a0bf63f7-...
        byte[] raw = {(byte) 0xf7, 0x63, (byte) 0xbf, (byte) 0xa0, (byte) 0x81, 0x3d, (byte) 0x80, (byte) 0xed,
            0x30, 0x1d, 0x64, (byte) 0xcd, (byte) 0x90, 0x4a, (byte) 0xbc, (byte) 0xce};
        assertThat(FastOpenKey.ofBytes(raw, 0)).isEqualTo(FastOpenKey.ofSysctl("a0bf63f7-ed803d81-cd641d30-cebc4a90"));
    }

    @Test
    void sipHashMatchesThePapersTestVector() {
        // SipHash-2-4 reference: key 00..0f, message 00..0e (15 bytes) -> a129ca6149be45e5.
        byte[] msg = new byte[15];
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) i;
        }
        assertThat(SipHash.hash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, msg)).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void anIpv4MappedPeerIsHashedByItsIpv4Addresses() throws Exception {
        assertThat(FastOpenKey.headerForm(InetAddress.getByName("::ffff:192.0.2.1")))
                .isEqualTo(InetAddress.getByName("192.0.2.1"));
    }
}
