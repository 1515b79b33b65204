package dev.jdrill.grammar.ast;

import java.util.Optional;

/**
 * {@code --name=value} or {@code --name} before the first event. The value is kept as text (strings without
 * their quotes), e.g. {@code --tolerance_usecs=10000}, {@code --ip_version=ipv6},
 * {@code --define=PROTO=IPPROTO_TCP}.
 */
public record OptionLine(String name, Optional<String> value, SourceSpan span) implements Node {
}
