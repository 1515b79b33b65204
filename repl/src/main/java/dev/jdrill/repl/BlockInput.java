package dev.jdrill.repl;

/** Whether an input still needs lines: a {@code %{} block runs until its closing {@code }%}. */
final class BlockInput {

    private BlockInput() {
    }

    static boolean isIncomplete(String text) {
        int open = text.lastIndexOf("%{");
        return open >= 0 && text.indexOf("}%", open + 2) < 0;
    }
}
