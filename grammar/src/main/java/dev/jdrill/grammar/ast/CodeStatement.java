package dev.jdrill.grammar.ast;

/** One statement of a {@code %{ }%} block (statements are separated by newlines or {@code ;}). */
public sealed interface CodeStatement extends Node {

    /**
     * {@code assert CONDITION [, MESSAGE]}: fails the script when the condition is 0. The message only
     * feeds Python's traceback, so it is not kept; {@code conditionText} is the condition as written, for
     * the failure report.
     */
    record Assert(CodeExpr condition, String conditionText, SourceSpan span) implements CodeStatement {
    }

    /** {@code NAME = EXPR}: a constant later statements of the block may use ({@code TCP_INFINITE_SSTHRESH = 0x7fffffff}). */
    record Assignment(String name, CodeExpr value, SourceSpan span) implements CodeStatement {
    }

    /** {@code print(...)}: output only; packetdrill's verdict does not depend on it. */
    record Print(String text, SourceSpan span) implements CodeStatement {
    }

    /**
     * Python outside what jdrill evaluates natively ({@code cwnd += 10}, {@code assert x in (1, 2)}):
     * running it is a SKIP that gives {@code reason}, as packetdrill would need a Python interpreter.
     */
    record PythonStatement(String text, String reason, SourceSpan span) implements CodeStatement {
    }
}
