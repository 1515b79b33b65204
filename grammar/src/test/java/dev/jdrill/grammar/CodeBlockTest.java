package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.Code;
import dev.jdrill.grammar.ast.CodeExpr;
import dev.jdrill.grammar.ast.CodeExpr.BinaryOperator;
import dev.jdrill.grammar.ast.CodeExpr.ComparisonOperator;
import dev.jdrill.grammar.ast.CodeStatement;
import dev.jdrill.grammar.ast.SourceSpan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code %{ }%} blocks parse into statements and expression trees with the script, errors located exactly. */
class CodeBlockTest {
    private static final SourceSpan N = SourceSpan.NONE;

    private static List<CodeStatement> statements(String block) {
        return ((Code) AstConstructsTest.action(block)).statements();
    }

    private static List<Diagnostic> check(String text) {
        return ScriptChecker.check("c.pkt", text, Map.of());
    }

    @Test
    void anAssertIsAnExpressionTree() {
        CodeStatement.Assert a = (CodeStatement.Assert) statements("%{ assert 200 <= tcpi_rto <= 300 and not tcpi_probes, tcpi_rto }%").getFirst();
        assertThat(a.conditionText()).isEqualTo("200 <= tcpi_rto <= 300 and not tcpi_probes");
        assertThat(SpanEraser.erase(a.condition())).isEqualTo(new CodeExpr.Binary(BinaryOperator.AND,
                new CodeExpr.Comparison(List.of(new CodeExpr.Number(200, N), new CodeExpr.Name("tcpi_rto", N), new CodeExpr.Number(300, N)),
                        List.of(ComparisonOperator.LESS_OR_EQUAL, ComparisonOperator.LESS_OR_EQUAL), N),
                new CodeExpr.Unary(CodeExpr.UnaryOperator.NOT, new CodeExpr.Name("tcpi_probes", N), N), N));
    }

    @Test
    void precedenceIsPythons() {
        CodeStatement.Assert a = (CodeStatement.Assert) statements("%{ assert 1 + 2 * 3 << 1 | 4 == 0x1c }%").getFirst();
        CodeExpr.Comparison c = (CodeExpr.Comparison) a.condition();
        CodeExpr.Binary or = (CodeExpr.Binary) c.operands().getFirst();
        assertThat(or.operator()).isEqualTo(BinaryOperator.BIT_OR);
        CodeExpr.Binary shift = (CodeExpr.Binary) or.left();
        assertThat(shift.operator()).isEqualTo(BinaryOperator.SHIFT_LEFT);
        assertThat(((CodeExpr.Binary) shift.left()).operator()).isEqualTo(BinaryOperator.ADD);
        assertThat(c.operands().get(1)).isEqualTo(new CodeExpr.Number(0x1c, c.operands().get(1).span()));
    }

    @Test
    void statementsSplitOnNewlinesAndSemicolonsWithContinuations() {
        List<CodeStatement> s = statements("%{\nTCP_INFINITE_SSTHRESH = 0x7fffffff  # comment; not a statement\n"
                + "print(tcpi_snd_cwnd); assert tcpi_probes == 6, \\\n  tcpi_probes\n}%");
        assertThat(s).hasSize(3);
        assertThat(s.get(0)).isInstanceOfSatisfying(CodeStatement.Assignment.class, a -> {
            assertThat(a.name()).isEqualTo("TCP_INFINITE_SSTHRESH");
            assertThat(a.value()).isInstanceOfSatisfying(CodeExpr.Number.class, n -> assertThat(n.value()).isEqualTo(0x7fffffffL));
        });
        assertThat(s.get(1)).isInstanceOf(CodeStatement.Print.class);
        assertThat(s.get(2)).isInstanceOf(CodeStatement.Assert.class);
        assertThat(s.get(2).span().line()).isEqualTo(3);
        assertThat(s.get(2).span().column()).isEqualTo(23);
    }

    @Test
    void otherPythonIsKeptForTheRunToSkip() {
        List<CodeStatement> s = statements("%{ cwnd += 10; assert tcpi_rtt in (1, 2); assert 'x' == tcpi_rtt; x = f(3) }%");
        assertThat(s).allSatisfy(st -> assertThat(st).isInstanceOf(CodeStatement.PythonStatement.class));
        assertThat(((CodeStatement.PythonStatement) s.get(0)).reason())
                .isEqualTo("only assert statements are evaluated natively, not: cwnd += 10");
        assertThat(((CodeStatement.PythonStatement) s.get(1)).reason())
                .isEqualTo("cannot evaluate natively ('in'): assert tcpi_rtt in (1, 2)");
        assertThat(((CodeStatement.PythonStatement) s.get(2)).reason()).contains("a string");
        assertThat(((CodeStatement.PythonStatement) s.get(3)).reason()).contains("a call");
        assertThat(check("0 %{ assert tcpi_x in [1, 2], 'msg %d' % (tcpi_x) }%\n")).isEmpty();
    }

    @Test
    void checkReportsAnErrorInsideABlockAtItsLineAndColumn() {
        String text = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 %{\n  assert tcpi_rto ==\n}%\n";
        assertThat(check(text)).singleElement().satisfies(d -> {
            assertThat(d.span().line()).isEqualTo(3);
            assertThat(d.span().column()).isEqualTo(21);
            assertThat(d.render(text)).startsWith("c.pkt:3:21: error: in this %{ }% block: expected a value after '=='");
        });
        assertThat(check("0 %{ assert tcpi_rto = 5 }%\n")).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("unexpected '=' after the assert's condition (compare with '==')");
            assertThat(d.span().column()).isEqualTo(22);
        });
        assertThat(check("0 %{ assert (tcpi_rto > 5 }%\n")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("'(' is never closed"));
        assertThat(check("0 %{ assert tcpi_rto > 5) }%\n")).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("unmatched ')'");
            assertThat(d.span().column()).isEqualTo(25);
        });
        assertThat(check("0 %{ assert tcpi_rto $ 5 }%\n")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("'$' is not Python"));
        assertThat(check("0 %{ assert tcpi_rto 5 }%\n")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("unexpected '5'"));
        assertThat(check("0 %{ assert tcpi_rto == 010 }%\n")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("leading zeros"));
        assertThat(check("0 %{ assert }%\n")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("the assert has no value"));
    }

    @Test
    void replLinesLocateBlockErrorsOnTheirLine() {
        LineParseResult line = ScriptParser.parseLine("repl", "%{ assert tcpi_rto >= and 1 }%", 4, Map.of());
        assertThat(line.ok()).isFalse();
        assertThat(line.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.span().line()).isEqualTo(4);
            assertThat(d.span().column()).isEqualTo(23);
            assertThat(d.message()).contains("expected a value, found 'and'");
        });
    }
}
