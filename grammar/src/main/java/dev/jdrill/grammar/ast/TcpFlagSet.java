package dev.jdrill.grammar.ast;

import java.util.OptionalInt;

/**
 * The flags of a TCP segment, parsed once from what the script wrote ({@code S.}, {@code P.}, {@code -},
 * {@code SEW}, or with AccECN's ACE digit: {@code S.2}, {@code .5}, {@code P5.}). {@code bits} are the
 * header's flag bits as TCP lays them out (FIN 0x001 ... CWR 0x080, AE 0x100), so a consumer needs no
 * table of its own. As in packetdrill's tcp_packet.c, an ACE digit 0-7 stands for the three AccECN bits
 * (1 = ECE, 2 = CWR, 4 = AE) and cannot be combined with E, W or A; {@code text} is kept as written for
 * printing the line back.
 */
public record TcpFlagSet(int bits, OptionalInt ace, String text, SourceSpan span) implements Node {
    public static final int FIN = 0x001;
    public static final int SYN = 0x002;
    public static final int RST = 0x004;
    public static final int PSH = 0x008;
    public static final int ACK = 0x010;
    public static final int URG = 0x020;
    public static final int ECE = 0x040;
    public static final int CWR = 0x080;
    public static final int AE = 0x100;

    public TcpFlagSet {
        if ((bits & ~0x1ff) != 0) {
            throw new IllegalArgumentException("TCP flag bits out of range: 0x" + Integer.toHexString(bits));
        }
    }

    /** The bits of an ACE digit: its value spread over ECE, CWR and AE. */
    public static int aceBits(int digit) {
        return ((digit & 1) != 0 ? ECE : 0) | ((digit & 2) != 0 ? CWR : 0) | ((digit & 4) != 0 ? AE : 0);
    }

    public boolean has(int flag) {
        return (bits & flag) == flag;
    }

    public boolean syn() {
        return has(SYN);
    }

    public boolean ack() {
        return has(ACK);
    }

    public boolean fin() {
        return has(FIN);
    }

    public boolean rst() {
        return has(RST);
    }
}
