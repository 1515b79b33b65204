package dev.jdrill.grammar;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken scripts: each must give at least one diagnostic with a line and column inside the text and a
 * non-empty message, and never an exception.
 */
class BrokenScriptsTest {
    static final String HEADER = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            """;
    static final String GOOD = HEADER + """
            +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
            +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>
            +.1 < . 1:1(0) ack 1 win 257
            +0 accept(3, ..., ...) = 4
            +0 write(4, ..., 1000) = 1000
            +0 > P. 1:1001(1000) ack 1
            """;

    /** Named broken scripts; the name says what is wrong. */
    static Map<String, String> cases() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("empty file", "");
        c.put("only whitespace", "  \n\t\n");
        c.put("only a comment", "// nothing here\n");
        c.put("only options", "--tolerance_usecs=10000\n");
        c.put("only a command", "`echo hi`\n");
        c.put("unterminated backtick", HEADER + "+0 `echo hi\n+0 close(3) = 0\n");
        c.put("unterminated backtick at start", "`sysctl -q x=1\n");
        c.put("unterminated code block", HEADER + "+0 %{ assert tcpi_rtt > 0\n");
        c.put("unterminated string", HEADER + "+0 write(3, \"abc, 3) = 3\n");
        c.put("unterminated comment", HEADER + "/* never closed\n+0 close(3) = 0\n");
        c.put("NUL byte", HEADER + "+0 close(3)\0 = 0\n");
        c.put("binary garbage", "\u0001\u0002\u00ff\u00fe\u0000garbage\u0007\n");
        c.put("replacement characters", "0 socket(\ufffd\ufffd) = 3\n");
        c.put("huge line", "0 " + "x".repeat(1_000_000) + "\n");
        c.put("huge number", "0 close(99999999999999999999999) = 0\n");
        c.put("time going backwards", HEADER.replace("+0 listen", "0.5 listen") + "0.2 close(3) = 0\n");
        c.put("first event not at 0", "1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
        c.put("first relative event not at 0", "+1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
        c.put("star on inbound", HEADER + "* < S 0:0(0) win 1000\n");
        c.put("star on syscall", HEADER + "* close(3) = 0\n");
        c.put("range on inbound", HEADER + "+0~+1 < S 0:0(0) win 1000\n");
        c.put("range on syscall", HEADER + "0~1 close(3) = 0\n");
        c.put("range backwards", HEADER + "+0.2~+0.1 > S 0:0(0)\n");
        c.put("bad seq length", HEADER + "+0 < P. 1:101(99) ack 1 win 100\n");
        c.put("missing win inbound", HEADER + "+0 < . 1:1(0) ack 1\n");
        c.put("any options inbound", HEADER + "+0 < S 0:0(0) win 100 <...>\n");
        c.put("unknown flag", HEADER + "+0 < SX 0:0(0) win 100\n");
        c.put("unknown option", HEADER + "+0 < S 0:0(0) win 100 <mss 1000,bogus 3>\n");
        c.put("unknown syscall", HEADER + "+0 frobnicate(3) = 0\n");
        c.put("misspelled syscall", HEADER + "+0 clsoe(3) = 0\n");
        c.put("unknown errno", HEADER + "+0 close(3) = -1 EFOO (Foo)\n");
        c.put("unknown state", HEADER + "+0 state FIN_WAIT_3\n");
        c.put("negative time", "-1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
        c.put("window too big", HEADER + "+0 < . 1:1(0) ack 1 win 70000\n");
        c.put("mss too big", HEADER + "+0 < S 0:0(0) win 100 <mss 70000>\n");
        c.put("seq too big", HEADER + "+0 < S 4294967296:4294967296(0) win 100\n");
        c.put("port too big", HEADER + "+0 < 70000>80 S 0:0(0) win 100\n");
        c.put("udp too big", HEADER + "+0 < udp (70000)\n");
        c.put("undefined symbol for win", HEADER + "+0 < . 1:1(0) ack 1 win WINDOW\n");
        c.put("missing equals", HEADER + "+0 close(3) 0\n");
        c.put("missing result", HEADER + "+0 close(3) =\n");
        c.put("missing paren", HEADER + "+0 close(3 = 0\n");
        c.put("extra paren", HEADER + "+0 close(3)) = 0\n");
        c.put("missing direction", HEADER + "+0 S 0:0(0) win 100\n");
        c.put("missing flags", HEADER + "+0 < 0:0(0) win 100\n");
        c.put("double direction", HEADER + "+0 < > S 0:0(0) win 100\n");
        c.put("bad time", HEADER + "+x close(3) = 0\n");
        c.put("missing action", HEADER + "+0\n");
        c.put("garbage word", HEADER + "foo\n");
        c.put("unclosed options", HEADER + "+0 < S 0:0(0) win 100 <mss 1000\n");
        c.put("empty options", HEADER + "+0 < S 0:0(0) win 100 <>\n");
        c.put("bad sack block", HEADER + "+0 < . 1:1(0) ack 1 win 100 <sack 1>\n");
        c.put("TS without ecr", HEADER + "+0 < . 1:1(0) ack 1 win 100 <TS val 1>\n");
        c.put("unbalanced struct", HEADER + "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0, 8) = 0\n");
        c.put("unbalanced array", HEADER + "+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1, 4) = 0\n");
        c.put("double pipe", HEADER + "+0 fcntl(3, F_SETFL, O_RDWR||O_NONBLOCK) = 0\n");
        c.put("sctp packet", HEADER + "+0 > sctp: INIT[flgs=0, tag=1]\n");
        c.put("tilde without end", HEADER + "+0~ > S 0:0(0)\n");
        c.put("option after events", HEADER + "--tolerance_usecs=100\n");
        c.put("command in the middle", HEADER + "`echo a`\n+0 close(3) = 0\n");
        c.put("icmp without type", HEADER + "+0 < icmp\n");
        c.put("udp without length", HEADER + "+0 < udp\n");
        c.put("bad ip info", HEADER + "+0 < [bogus] S 0:0(0) win 100\n");
        c.put("ect01 inbound", HEADER + "+0 < [ect01] S 0:0(0) win 100\n");
        c.put("ecn on udp", HEADER + "+0 < [ect0] udp (10)\n");
        c.put("state without name", HEADER + "+0 state\n");
        c.put("state with bad fd", HEADER + "+0 state(x) ESTABLISHED\n");
        c.put("blocking end without time", HEADER + "+0... close(3) = 0\n");
        c.put("blocking ends before start", HEADER + "1...0.5 close(3) = 0\n");
        c.put("seq shorthand without number", HEADER + "+0 < F. seq ack 1\n");
        c.put("len without seq", HEADER + "+0 < P. len 10 ack 1\n");
        c.put("stray character", HEADER + "+0 close(3) = 0 $\n");
        c.put("stray semicolon", HEADER + "+0 close(3) = 0;\n");
        c.put("mpls bad bottom", HEADER + "+0 < mpls (label 1, tc 0, [X], ttl 1): S 0:0(0) win 100\n");
        c.put("gre missing colon", HEADER + "+0 < gre S 0:0(0) win 100\n");
        c.put("ipv4 encap wrong address", HEADER + "+0 < ipv4 fd::1 > fd::2: S 0:0(0) win 100\n");
        c.put("bad accecn order", HEADER + "+0 < . 1:1(0) ack 1 win 100 <ECN ceb 1>\n");
        c.put("accecn value too big", HEADER + "+0 < . 1:1(0) ack 1 win 100 <ECN e0b 99999999>\n");
        c.put("wscale too big", HEADER + "+0 < S 0:0(0) win 100 <wscale 300>\n");
        c.put("tos too big", HEADER + "+0 < (tos 0x1ff) S 0:0(0) win 100\n");
        c.put("flowlabel too big", HEADER + "+0 < (flowlabel 0xfffffff) S 0:0(0) win 100\n");
        c.put("two ecn marks", HEADER + "+0 < [ect0, ce] S 0:0(0) win 100\n");
        c.put("CR only line ends", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\r+0 close(3) = 0 = 1\r");
        c.put("tab indented error", HEADER + "\t+0\tclose(3)\t=\t0\t0\n");
        c.put("hex too big", HEADER + "+0 close(0x1ffffffffffffffff) = 0\n");
        c.put("float fd", HEADER + "+0 close(3.5) = 0\n");
        c.put("number in flags position", HEADER + "+0 > 5 1:1(0)\n");
        c.put("udp with seq", HEADER + "+0 < udp 1:1(0)\n");
        c.put("note never closed", HEADER + "+0 close(3) = -1 EBADF (Bad file\n");
        c.put("errno misspelled", HEADER + "+0 close(3) = -1 EBDAF (Bad file descriptor)\n");
        c.put("time going backwards with ranges", HEADER.replace("+0 listen", "1 listen") + "0.5~0.6 > S 0:0(0)\n");
        c.put("negative relative time", HEADER + "+-1 close(3) = 0\n");
        c.put("code block as first line", "%{ x = 1 }%\n");
        c.put("cleanup then event", HEADER + "`cleanup`\n+0 close(3) = 0\n");
        c.put("very deep nesting", "0 f(" + "{".repeat(5000) + ") = 0\n");
        c.put("duplicated flags dot", HEADER + "+0 < S.. 0:0(0) win 100\n");
        c.put("truncated corpus-style segment", HEADER + "+0 < S 0:0(\n");
        c.put("truncated option list", HEADER + "+0 < S 0:0(0) win 100 <mss\n");
        c.put("swapped seq and ack", HEADER + "+0 < . ack 1 1:1(0) win 100\n");
        c.put("swapped time and action", HEADER + "close(3) = 0 +0\n");
        c.put("ipv6 literal as time", "fd::1 close(3) = 0\n");
        c.put("only a cleanup comment", "/* just a comment */");
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyBrokenScriptGivesALocatedDiagnostic() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(100);
        return cases().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertLocatedDiagnostics(e.getKey(), e.getValue())));
    }

    @Test
    void truncationsOfAGoodScriptNeverThrow() {
        List<String> failures = new ArrayList<>();
        for (int cut = 0; cut < GOOD.length(); cut++) {
            String text = GOOD.substring(0, cut);
            List<Diagnostic> diagnostics = ScriptChecker.check("cut.pkt", text, Map.of());
            for (Diagnostic d : diagnostics) {
                if (!isLocatedIn(d, text)) {
                    failures.add(cut + ": " + d);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    static void assertLocatedDiagnostics(String name, String text) {
        List<Diagnostic> diagnostics = ScriptChecker.check(name + ".pkt", text, Map.of());
        assertThat(diagnostics).as(name).isNotEmpty();
        for (Diagnostic d : diagnostics) {
            assertThat(d.message()).as(name).isNotBlank();
            assertThat(isLocatedIn(d, text)).as(name + ": " + d).isTrue();
            String rendered = d.render(text);
            assertThat(rendered).startsWith(name + ".pkt:" + d.span().line() + ":" + d.span().column() + ": error: ");
            assertThat(rendered.length()).as("rendered size").isLessThan(2_000);
        }
    }

    /** Line within the text (or one past its last line, for end of file) and column within that line + 1. */
    static boolean isLocatedIn(Diagnostic d, String text) {
        int lines = (int) text.chars().filter(c -> c == '\n').count() + 1;
        if (d.span().line() < 1 || d.span().line() > lines || d.span().column() < 1) {
            return false;
        }
        String line = Diagnostic.sourceLine(text, d.span().line());
        return line != null && d.span().column() <= line.codePointCount(0, line.length()) + 1;
    }
}
