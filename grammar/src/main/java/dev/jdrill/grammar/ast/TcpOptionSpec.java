package dev.jdrill.grammar.ast;

import java.util.List;
import java.util.Optional;

/** One TCP option as written in {@code <...>}. Hex strings are kept as written (no 0x, even digits not enforced). */
public sealed interface TcpOptionSpec extends Node {

    record Nop(SourceSpan span) implements TcpOptionSpec {
    }

    record Eol(SourceSpan span) implements TcpOptionSpec {
    }

    record Mss(int mss, SourceSpan span) implements TcpOptionSpec {
    }

    record WindowScale(int shift, SourceSpan span) implements TcpOptionSpec {
    }

    record SackPermitted(SourceSpan span) implements TcpOptionSpec {
    }

    record Sack(List<SackBlock> blocks, SourceSpan span) implements TcpOptionSpec {
        public Sack {
            blocks = List.copyOf(blocks);
        }
    }

    /** {@code TS val V ecr E}. */
    record Timestamp(long val, long ecr, SourceSpan span) implements TcpOptionSpec {
    }

    /** {@code md5 HEX}: the digest as hex text. */
    record Md5(String digestHex, SourceSpan span) implements TcpOptionSpec {
    }

    /** {@code FO [HEX]}: RFC 7413 option kind 34; empty cookie = cookie request. */
    record FastOpen(Optional<String> cookieHex, SourceSpan span) implements TcpOptionSpec {
    }

    /** {@code FOEXP [HEX]}: experimental kind 254 with magic 0xF989. */
    record FastOpenExp(Optional<String> cookieHex, SourceSpan span) implements TcpOptionSpec {
    }

    /**
     * {@code ECN e0b N [ceb N [e1b N]]} or {@code ECN e1b N [ceb N [e0b N]]}: the AccECN option; the first
     * counter decides the option kind (e0b first: AccECN0, e1b first: AccECN1).
     */
    record AccEcn(List<AccEcnField> fields, SourceSpan span) implements TcpOptionSpec {
        public AccEcn {
            fields = List.copyOf(fields);
        }
    }

    /**
     * An option whose value is a symbol no -D defined, e.g. {@code mss MSS} in scripts written for a harness
     * that passes {@code -D MSS=1000}. Checking the script accepts it (packetdrill's own test suites contain
     * it); running it must fail with "MSS is not defined (pass -D MSS=...)".
     */
    record UndefinedValue(String option, String symbol, SourceSpan span) implements TcpOptionSpec {
    }

    record SackBlock(long left, long right, SourceSpan span) implements Node {
    }

    enum AccEcnCounter {
        E0B, CEB, E1B;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record AccEcnField(AccEcnCounter counter, long value, SourceSpan span) implements Node {
    }
}
