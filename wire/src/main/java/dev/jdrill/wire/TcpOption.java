package dev.jdrill.wire;

import java.util.List;

/**
 * One TCP option as it appears on the wire, in the order it appears. Script notation follows
 * packetdrill ({@code mss 1460}, {@code sackOK}, {@code TS val 100 ecr 0}, {@code nop}, {@code wscale 7}).
 */
public sealed interface TcpOption {

    /** Option kind number (RFC 9293 registry). */
    int kind();

    /** Bytes this option occupies in the header. */
    int wireLength();

    String toScript();

    record EndOfOptions() implements TcpOption {
        public int kind() { return 0; }
        public int wireLength() { return 1; }
        public String toScript() { return "eol"; }
    }

    record Nop() implements TcpOption {
        public int kind() { return 1; }
        public int wireLength() { return 1; }
        public String toScript() { return "nop"; }
    }

    record MaxSegmentSize(int mss) implements TcpOption {
        public MaxSegmentSize {
            WireChecks.u16(mss, "mss");
        }
        public int kind() { return 2; }
        public int wireLength() { return 4; }
        public String toScript() { return "mss " + mss; }
    }

    record WindowScale(int shift) implements TcpOption {
        public WindowScale {
            WireChecks.u8(shift, "wscale");
        }
        public int kind() { return 3; }
        public int wireLength() { return 3; }
        public String toScript() { return "wscale " + shift; }
    }

    record SackPermitted() implements TcpOption {
        public int kind() { return 4; }
        public int wireLength() { return 2; }
        public String toScript() { return "sackOK"; }
    }

    /** A SACK block: {@code left:right}, right exclusive, both sequence numbers. */
    record SackBlock(long left, long right) {
        public SackBlock {
            WireChecks.u32(left, "sack left edge");
            WireChecks.u32(right, "sack right edge");
        }
    }

    record Sack(List<SackBlock> blocks) implements TcpOption {
        public Sack {
            blocks = List.copyOf(blocks);
            if (blocks.isEmpty() || blocks.size() > 4) {
                throw new IllegalArgumentException("a SACK option carries 1 to 4 blocks, not " + blocks.size());
            }
        }
        public int kind() { return 5; }
        public int wireLength() { return 2 + 8 * blocks.size(); }

        /** The same blocks with every edge renumbered, e.g. from live to script sequence numbers. */
        public Sack mapEdges(java.util.function.LongUnaryOperator renumber) {
            return new Sack(blocks.stream()
                    .map(b -> new SackBlock(renumber.applyAsLong(b.left()), renumber.applyAsLong(b.right())))
                    .toList());
        }
        public String toScript() {
            StringBuilder sb = new StringBuilder("sack");
            for (SackBlock b : blocks) {
                sb.append(' ').append(b.left()).append(':').append(b.right());
            }
            return sb.toString();
        }
    }

    record Timestamp(long val, long ecr) implements TcpOption {
        public Timestamp {
            WireChecks.u32(val, "TS val");
            WireChecks.u32(ecr, "TS ecr");
        }
        public int kind() { return 8; }
        public int wireLength() { return 10; }
        public String toScript() { return "TS val " + val + " ecr " + ecr; }
    }

    /** TCP-MD5 signature (RFC 2385): 16 bytes, kept as lowercase hex. */
    record Md5Signature(String digestHex) implements TcpOption {
        public Md5Signature {
            WireChecks.hex(digestHex, 16, 16, "md5 digest");
        }
        public int kind() { return 19; }
        public int wireLength() { return 18; }
        public String toScript() { return "md5 " + digestHex; }
    }

    /**
     * TCP Fast Open cookie (RFC 7413, kind 34); an empty cookie is a cookie request. RFC 7413 cookies are
     * 4–16 bytes, but any length the option space holds is kept, so scripts can send malformed ones.
     */
    record FastOpen(String cookieHex) implements TcpOption {
        public FastOpen {
            WireChecks.hex(cookieHex, 0, 38, "fast open cookie");
        }
        public int kind() { return 34; }
        public int wireLength() { return 2 + cookieHex.length() / 2; }
        public String toScript() { return cookieHex.isEmpty() ? "FO" : "FO " + cookieHex; }
    }

    /** The experimental Fast Open option (kind 254, magic 0xF989) that pre-RFC kernels used. */
    record FastOpenExperimental(String cookieHex) implements TcpOption {
        public FastOpenExperimental {
            WireChecks.hex(cookieHex, 0, 36, "fast open cookie");
        }
        public int kind() { return 254; }
        public int wireLength() { return 4 + cookieHex.length() / 2; }
        public String toScript() { return cookieHex.isEmpty() ? "FOEXP" : "FOEXP " + cookieHex; }
    }

    /** Any option this model does not name: kept byte for byte so that decode/encode round-trips. */
    record Unknown(int kind, String dataHex) implements TcpOption {
        public Unknown {
            WireChecks.u8(kind, "option kind");
            WireChecks.hex(dataHex, 0, 38, "option data");
        }
        public int wireLength() { return 2 + dataHex.length() / 2; }
        public String toScript() { return "kind " + kind + (dataHex.isEmpty() ? "" : " " + dataHex); }
    }
}
