package dev.jdrill.engine;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A Fast Open cookie key (struct tcp_fastopen_context's siphash_key_t) and the cookie it makes
 * (__tcp_fastopen_cookie_gen_cipher): SipHash-2-4 of the SYN's source then destination address as
 * they sit in the IP header, stored little-endian — 8 bytes.
 *
 * <p>The key's two 64-bit words are the key's 16 bytes read little-endian (tcp_fastopen_reset_cipher's
 * get_unaligned_le64). Those bytes come raw from TCP_FASTOPEN_KEY, or from the sysctl's four hex words,
 * each stored little-endian (proc_tcp_fastopen_key's cpu_to_le32).
 */
record FastOpenKey(long k0, long k1) {
    static final int COOKIE_SIZE = 8;

    /** The 16 raw bytes of TCP_FASTOPEN_KEY (or of one sysctl key). */
    static FastOpenKey ofBytes(byte[] key, int offset) {
        long k0 = 0;
        long k1 = 0;
        for (int i = 7; i >= 0; i--) {
            k0 = k0 << 8 | (key[offset + i] & 0xffL);
            k1 = k1 << 8 | (key[offset + 8 + i] & 0xffL);
        }
        return new FastOpenKey(k0, k1);
    }

    /** One key of net.ipv4.tcp_fastopen_key: "xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx". */
    static FastOpenKey ofSysctl(String words) {
        String[] w = words.trim().split("-");
        byte[] b = new byte[16];
        for (int i = 0; i < 4; i++) {
            long word = Long.parseLong(w[i], 16);
            for (int j = 0; j < 4; j++) {
                b[i * 4 + j] = (byte) (word >>> (8 * j));
            }
        }
        return ofBytes(b, 0);
    }

    /** The primary key then the backup key, if any, of the sysctl's value ("key" or "key,backup"). */
    static FastOpenKey[] ofSysctlValue(String value) {
        String[] keys = value.trim().split(",");
        FastOpenKey[] out = new FastOpenKey[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = ofSysctl(keys[i]);
        }
        return out;
    }

    /** The cookie for a SYN from {@code source} to {@code destination}, as lower-case hex. */
    String cookie(InetAddress source, InetAddress destination) {
        byte[] s = source.getAddress();
        byte[] d = destination.getAddress();
        byte[] msg = new byte[s.length + d.length];
        System.arraycopy(s, 0, msg, 0, s.length);
        System.arraycopy(d, 0, msg, s.length, d.length);
        long h = SipHash.hash(k0, k1, msg);
        byte[] cookie = new byte[COOKIE_SIZE];
        for (int i = 0; i < COOKIE_SIZE; i++) {
            cookie[i] = (byte) (h >>> (8 * i));
        }
        return HexFormat.of().formatHex(cookie).toLowerCase(Locale.ROOT);
    }

    /**
     * The addresses of the IP header the kernel hashes: an IPv4 SYN to a v6 listener (a v4-mapped
     * peer) is handled by tcp_v4_conn_request, so its plain 4-byte addresses count.
     */
    static InetAddress headerForm(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a;
        }
        byte[] b = a.getAddress();
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        if (!mapped) {
            return a;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
