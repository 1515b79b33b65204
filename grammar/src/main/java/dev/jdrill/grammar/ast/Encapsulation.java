package dev.jdrill.grammar.ast;

import java.util.List;
import java.util.Optional;

/** An outer header written before the packet proper, e.g. {@code < ipv4 1.2.3.4 > 5.6.7.8: gre: S 0:0(0) ...}. */
public sealed interface Encapsulation extends Node {

    /** {@code ipv4 [ip_info] SRC > DST:}. */
    record Ipv4(Optional<IpInfo> ipInfo, String source, String destination, SourceSpan span) implements Encapsulation {
    }

    /** {@code ipv6 [ip_info] SRC > DST:}. */
    record Ipv6(Optional<IpInfo> ipInfo, String source, String destination, SourceSpan span) implements Encapsulation {
    }

    /** {@code gre:} or {@code gre flags ... sum ... off ... key ... seq ...:}. */
    record Gre(Optional<GreHeader> header, SourceSpan span) implements Encapsulation {
    }

    /** {@code mpls (label 1, tc 0, [S], ttl 64) ...:}. */
    record Mpls(List<MplsEntry> entries, SourceSpan span) implements Encapsulation {
        public Mpls {
            entries = List.copyOf(entries);
        }
    }

    /** {@code encap psp spi N}: PSP (inside UDP) carrying the TCP segment; written after the ip info. */
    record Psp(long spi, SourceSpan span) implements Encapsulation {
    }
}
