package dev.jdrill.grammar.ast;

import java.util.Optional;

/** {@code [ect0]}, {@code (tos 0x10, flowlabel 0x123)}, {@code [ttl 64]}: IP header details of a packet. */
public record IpInfo(Optional<TosSpec> tos, Optional<Long> flowLabel, Optional<Integer> ttl, SourceSpan span)
        implements Node {

    /** The traffic-class part. */
    public sealed interface TosSpec extends Node {
        /** {@code noecn}, {@code ect0}, {@code ect1}, {@code ce}: the two ECN bits. */
        record Ecn(EcnCodepoint codepoint, SourceSpan span) implements TosSpec {
        }

        /** {@code ect01}: either ECT(0) or ECT(1) (outbound only). */
        record EitherEct(SourceSpan span) implements TosSpec {
        }

        /** {@code tos 0x..}: the whole byte. */
        record Tos(int value, SourceSpan span) implements TosSpec {
        }
    }

    public enum EcnCodepoint {
        NO_ECN("noecn"), ECT0("ect0"), ECT1("ect1"), CE("ce");

        private final String keyword;

        EcnCodepoint(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }
}
