package dev.jdrill.wire.codec;

import dev.jdrill.wire.TcpOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * TCP options to and from header bytes. A known kind with a length its record cannot express (an MSS
 * option of 3 bytes, say) decodes as {@link TcpOption.Unknown} so that nothing on the wire is lost.
 */
final class TcpOptionCodec {
    private static final HexFormat HEX = HexFormat.of();
    /** The magic that follows kind 254 in the pre-RFC 7413 Fast Open option. */
    private static final int FAST_OPEN_EXPERIMENTAL_MAGIC = 0xf989;

    private TcpOptionCodec() {
    }

    /** Writes the options at {@code offset}; returns the offset just past them (before padding). */
    static int encode(List<TcpOption> options, byte[] out, int offset) {
        int p = offset;
        for (TcpOption option : options) {
            out[p] = (byte) option.kind();
            switch (option) {
                case TcpOption.EndOfOptions e -> { }
                case TcpOption.Nop n -> { }
                case TcpOption.MaxSegmentSize m -> putU16(out, p + 2, m.mss());
                case TcpOption.WindowScale w -> out[p + 2] = (byte) w.shift();
                case TcpOption.SackPermitted s -> { }
                case TcpOption.Sack s -> {
                    int q = p + 2;
                    for (TcpOption.SackBlock b : s.blocks()) {
                        putU32(out, q, b.left());
                        putU32(out, q + 4, b.right());
                        q += 8;
                    }
                }
                case TcpOption.Timestamp t -> {
                    putU32(out, p + 2, t.val());
                    putU32(out, p + 6, t.ecr());
                }
                case TcpOption.Md5Signature m -> putHex(out, p + 2, m.digestHex());
                case TcpOption.FastOpen f -> putHex(out, p + 2, f.cookieHex());
                case TcpOption.FastOpenExperimental f -> {
                    putU16(out, p + 2, FAST_OPEN_EXPERIMENTAL_MAGIC);
                    putHex(out, p + 4, f.cookieHex());
                }
                case TcpOption.Unknown u -> putHex(out, p + 2, u.dataHex());
            }
            if (option.wireLength() > 1) {
                out[p + 1] = (byte) option.wireLength();
            }
            p += option.wireLength();
        }
        return p;
    }

    /**
     * Parses the option bytes {@code [offset, end)}. Decoding stops at the first end-of-options, which
     * is kept; the bytes after it are padding.
     *
     * @return the options, or a reason the bytes are not a valid option list
     */
    static Parsed decode(byte[] in, int offset, int end) {
        List<TcpOption> options = new ArrayList<>();
        int p = offset;
        while (p < end) {
            int kind = in[p] & 0xff;
            if (kind == 0) {
                options.add(new TcpOption.EndOfOptions());
                break;
            }
            if (kind == 1) {
                options.add(new TcpOption.Nop());
                p++;
                continue;
            }
            if (p + 1 >= end) {
                return Parsed.error("TCP option kind " + kind + " has no length byte");
            }
            int length = in[p + 1] & 0xff;
            if (length < 2 || p + length > end) {
                return Parsed.error("TCP option kind " + kind + " has bad length " + length);
            }
            options.add(decodeOne(kind, in, p + 2, length - 2));
            p += length;
        }
        return new Parsed(options, "");
    }

    private static TcpOption decodeOne(int kind, byte[] in, int data, int dataLength) {
        switch (kind) {
            case 2 -> {
                if (dataLength == 2) {
                    return new TcpOption.MaxSegmentSize(getU16(in, data));
                }
            }
            case 3 -> {
                if (dataLength == 1) {
                    return new TcpOption.WindowScale(in[data] & 0xff);
                }
            }
            case 4 -> {
                if (dataLength == 0) {
                    return new TcpOption.SackPermitted();
                }
            }
            case 5 -> {
                if (dataLength > 0 && dataLength % 8 == 0 && dataLength <= 32) {
                    List<TcpOption.SackBlock> blocks = new ArrayList<>();
                    for (int q = data; q < data + dataLength; q += 8) {
                        blocks.add(new TcpOption.SackBlock(getU32(in, q), getU32(in, q + 4)));
                    }
                    return new TcpOption.Sack(blocks);
                }
            }
            case 8 -> {
                if (dataLength == 8) {
                    return new TcpOption.Timestamp(getU32(in, data), getU32(in, data + 4));
                }
            }
            case 19 -> {
                if (dataLength == 16) {
                    return new TcpOption.Md5Signature(hex(in, data, 16));
                }
            }
            case 34 -> {
                if (dataLength <= 16) {
                    return new TcpOption.FastOpen(hex(in, data, dataLength));
                }
            }
            case 254 -> {
                if (dataLength >= 2 && dataLength <= 18 && getU16(in, data) == FAST_OPEN_EXPERIMENTAL_MAGIC) {
                    return new TcpOption.FastOpenExperimental(hex(in, data + 2, dataLength - 2));
                }
            }
            default -> { }
        }
        return new TcpOption.Unknown(kind, hex(in, data, dataLength));
    }

    /** An option list, or (when {@code error} is not empty) why there is none. */
    record Parsed(List<TcpOption> options, String error) {
        static Parsed error(String reason) {
            return new Parsed(List.of(), reason);
        }
    }

    private static String hex(byte[] in, int offset, int length) {
        return HEX.formatHex(in, offset, offset + length);
    }

    private static void putHex(byte[] out, int offset, String hex) {
        byte[] b = HEX.parseHex(hex);
        System.arraycopy(b, 0, out, offset, b.length);
    }

    static void putU16(byte[] out, int offset, int v) {
        out[offset] = (byte) (v >>> 8);
        out[offset + 1] = (byte) v;
    }

    static void putU32(byte[] out, int offset, long v) {
        out[offset] = (byte) (v >>> 24);
        out[offset + 1] = (byte) (v >>> 16);
        out[offset + 2] = (byte) (v >>> 8);
        out[offset + 3] = (byte) v;
    }

    static int getU16(byte[] in, int offset) {
        return ((in[offset] & 0xff) << 8) | (in[offset + 1] & 0xff);
    }

    static long getU32(byte[] in, int offset) {
        return ((long) getU16(in, offset) << 16) | getU16(in, offset + 2);
    }
}
