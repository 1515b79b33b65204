package dev.jdrill.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The JLine side without a terminal: word splitting, continuation, completion, highlighting. */
class LineEditingTest {
    private final ScriptLineParser parser = new ScriptLineParser();

    private List<String> complete(String line) {
        ParsedLine parsed = parser.parse(line, line.length(), Parser.ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        new ScriptCompleter().complete(null, parsed, candidates);
        return candidates.stream().map(Candidate::value).filter(v -> v.startsWith(parsed.word())).toList();
    }

    @Test
    void wordsSplitOnTheLanguagesPunctuation() {
        ParsedLine p = parser.parse("socket(..., SOCK_ST", 19, Parser.ParseContext.COMPLETE);
        assertThat(p.word()).isEqualTo("SOCK_ST");
        assertThat(p.wordCursor()).isEqualTo(7);
        ParsedLine empty = parser.parse("socket(", 7, Parser.ParseContext.COMPLETE);
        assertThat(empty.word()).isEmpty();
    }

    @Test
    void anOpenCodeBlockAsksForMoreLines() {
        assertThatThrownBy(() -> parser.parse("%{ assert", 9, Parser.ParseContext.ACCEPT_LINE)).isInstanceOf(EOFError.class);
        assertThat(parser.parse("%{ assert tcpi_rto > 0 }%", 5, Parser.ParseContext.ACCEPT_LINE).line())
                .isEqualTo("%{ assert tcpi_rto > 0 }%");
    }

    @Test
    void completesSyscallsConstantsOptionsSysctlsAndCommands() {
        assertThat(complete("sock")).contains("socket");
        assertThat(complete("socket(..., SOCK_ST")).containsExactly("SOCK_STREAM");
        assertThat(complete("setsockopt(3, SOL_SOCKET, SO_REUSE")).contains("SO_REUSEADDR");
        assertThat(complete("< S 0:0(0) win 100 <mss 1000,sa")).containsExactlyInAnyOrder("sackOK", "sack");
        assertThat(complete("> S. 0:0(0) ack 1 <mss 1460,ws")).containsExactly("wscale");
        assertThat(complete(":set net.ipv4.tcp_syn_r")).containsExactly("net.ipv4.tcp_syn_retries");
        assertThat(complete("`sysctl -q net.ipv4.tcp_fin")).containsExactly("net.ipv4.tcp_fin_timeout");
        assertThat(complete(":tu")).containsExactly(":tunables");
        assertThat(complete("state FIN_W")).containsExactly("FIN_WAIT1", "FIN_WAIT2");
    }

    @Test
    void anInboundSegmentsDirectionIsNotAnOptionList() {
        assertThat(ScriptCompleter.insideOptions("< S")).isFalse();
        assertThat(ScriptCompleter.insideOptions("+0.1 < S 0:0(0) win 1 <m")).isTrue();
        assertThat(ScriptCompleter.insideOptions("> S. 0:0(0) <mss 1460>")).isFalse();
    }

    @Test
    void highlightingColoursTokensAndKeepsTheText() {
        String line = "+0.1 < S 0:0(0) win 65535 <mss 1460>  // the SYN";
        AttributedString shown = new ScriptHighlighter().highlight(null, line);
        assertThat(shown.toString()).isEqualTo(line);
        String ansi = shown.toAnsi();
        assertThat(ansi).isNotEqualTo(line).contains("\u001b[");
        assertThat(new ScriptHighlighter().highlight(null, "socket(..., SOCK_STREAM, IPPROTO_TCP) = -1 EINVAL (x)")
                .toString()).startsWith("socket");
    }

    @Test
    void blocksAreIncompleteUntilClosed() {
        assertThat(BlockInput.isIncomplete("%{")).isTrue();
        assertThat(BlockInput.isIncomplete("%{ a }%")).isFalse();
        assertThat(BlockInput.isIncomplete("%{ a }% %{")).isTrue();
        assertThat(BlockInput.isIncomplete("socket(...) = 3")).isFalse();
    }

    @Test
    void afterSetNameEqualsTheCurrentValueIsOffered() {
        ScriptCompleter completer = new ScriptCompleter(() -> java.util.Map.of("net.ipv4.tcp_syn_retries", "6"));
        for (String line : List.of(":set net.ipv4.tcp_syn_retries=", ":set tcp_syn_retries=")) {
            ParsedLine parsed = parser.parse(line, line.length(), Parser.ParseContext.COMPLETE);
            List<Candidate> candidates = new ArrayList<>();
            completer.complete(null, parsed, candidates);
            assertThat(candidates).extracting(Candidate::value).as(line).containsExactly("6");
        }
    }
}
