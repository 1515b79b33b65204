package dev.jdrill.wire;

/**
 * The nine TCP header flag bits, as an immutable value. Printed in tcpdump's order (FSRP.UEWA), which
 * is also the order packetdrill scripts write them in.
 */
public record TcpFlags(int bits) {
    public static final int FIN = 0x001;
    public static final int SYN = 0x002;
    public static final int RST = 0x004;
    public static final int PSH = 0x008;
    public static final int ACK = 0x010;
    public static final int URG = 0x020;
    public static final int ECE = 0x040;
    public static final int CWR = 0x080;
    /** AccECN's AE bit (RFC 9768), the former NS bit: bit 8 of the 12-bit flags field. */
    public static final int AE = 0x100;

    public static final TcpFlags NONE = new TcpFlags(0);

    public TcpFlags {
        if ((bits & ~0x1ff) != 0) {
            throw new IllegalArgumentException("TCP flags out of range: 0x" + Integer.toHexString(bits));
        }
    }

    public static TcpFlags of(int... flags) {
        int b = 0;
        for (int f : flags) {
            b |= f;
        }
        return new TcpFlags(b);
    }

    public boolean has(int flag) {
        return (bits & flag) == flag;
    }

    public boolean fin() { return has(FIN); }
    public boolean syn() { return has(SYN); }
    public boolean rst() { return has(RST); }
    public boolean psh() { return has(PSH); }
    public boolean ack() { return has(ACK); }
    public boolean urg() { return has(URG); }

    public TcpFlags with(int flag) {
        return new TcpFlags(bits | flag);
    }

    public TcpFlags without(int flag) {
        return new TcpFlags(bits & ~flag);
    }

    /** Script notation: {@code S.}, {@code F.}, {@code P.}, {@code R}; {@code -} for no flags at all. */
    public String toScript() {
        if (bits == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(9);
        if (fin()) sb.append('F');
        if (syn()) sb.append('S');
        if (rst()) sb.append('R');
        if (psh()) sb.append('P');
        if (ack()) sb.append('.');
        if (urg()) sb.append('U');
        if (has(ECE)) sb.append('E');
        if (has(CWR)) sb.append('W');
        if (has(AE)) sb.append('A');
        return sb.toString();
    }

    /**
     * Parses script notation ({@code "S."}, {@code "F"}, {@code "-"}).
     *
     * @throws IllegalArgumentException naming the first character that is not a flag
     */
    public static TcpFlags parseScript(String text) {
        if (text.equals("-")) {
            return NONE;
        }
        int b = 0;
        for (int i = 0; i < text.length(); i++) {
            b |= switch (text.charAt(i)) {
                case 'F' -> FIN;
                case 'S' -> SYN;
                case 'R' -> RST;
                case 'P' -> PSH;
                case '.' -> ACK;
                case 'U' -> URG;
                case 'E' -> ECE;
                case 'W' -> CWR;
                case 'A' -> AE;
                default -> throw new IllegalArgumentException("unknown TCP flag '" + text.charAt(i) + "'");
            };
        }
        return new TcpFlags(b);
    }

    @Override
    public String toString() {
        return toScript();
    }
}
