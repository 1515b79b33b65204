package dev.jdrill.report.diagram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which parts of a segment's script notation differ from what the script expected, field by field (flags,
 * sequence range, ack, window, options), so the diagram can paint exactly those parts red. Fields the
 * script left out are not compared, as the matcher does not check them; {@code <...>} matches any options.
 */
final class NotationDiff {

    /** A run of label text; {@code differs} marks it red. */
    record Piece(String text, boolean differs) {
    }

    private NotationDiff() {
    }

    /** {@code shown} split into pieces, those that differ from {@code other} marked. */
    static List<Piece> pieces(String shown, String other) {
        Map<String, String> mine = fields(shown);
        Map<String, String> theirs = fields(other);
        List<Piece> out = new ArrayList<>();
        for (Map.Entry<String, String> f : mine.entrySet()) {
            if (!out.isEmpty()) {
                out.add(new Piece(" ", false));
            }
            String key = f.getKey();
            String theirValue = theirs.get(key);
            if (key.equals("options")) {
                out.addAll(optionPieces(f.getValue(), theirValue));
            } else {
                out.add(new Piece(f.getValue(), theirValue != null && !normalised(key, f.getValue()).equals(normalised(key, theirValue))));
            }
        }
        return List.copyOf(out);
    }

    static boolean anyDiffers(List<Piece> pieces) {
        return pieces.stream().anyMatch(Piece::differs);
    }

    /** Fields in the order written; the key names the field, the value is its text as written. */
    static Map<String, String> fields(String notation) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = notation.strip();
        int lt = text.indexOf('<');
        String options = lt >= 0 ? text.substring(lt) : null;
        String[] words = (lt >= 0 ? text.substring(0, lt) : text).strip().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.isEmpty()) {
                continue;
            }
            if (i == 0) {
                fields.put("flags", w);
            } else if (w.contains(":") && w.contains("(")) {
                fields.put("seq", w);
            } else if (w.equals("seq") && i + 1 < words.length) {
                StringBuilder seq = new StringBuilder("seq ").append(words[++i]);
                if (i + 2 < words.length && words[i + 1].equals("len")) {
                    seq.append(" len ").append(words[i + 2]);
                    i += 2;
                }
                fields.put("seq", seq.toString());
            } else if (i + 1 < words.length && (w.equals("ack") || w.equals("win") || w.equals("urg"))) {
                fields.put(w, w + " " + words[++i]);
            } else {
                fields.merge("other", w, (a, b) -> a + " " + b);
            }
        }
        if (options != null) {
            fields.put("options", options);
        }
        return fields;
    }

    /** Shorthand {@code seq N len L} compares equal to {@code N:N+L(L)}. */
    private static String normalised(String key, String value) {
        if (key.equals("seq") && value.startsWith("seq ")) {
            String[] w = value.split(" ");
            try {
                long start = Long.parseLong(w[1]);
                long len = w.length >= 4 ? Long.parseLong(w[3]) : 0;
                return start + ":" + (start + len) + "(" + len + ")";
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return value;
    }

    private static List<Piece> optionPieces(String mine, String theirs) {
        if (theirs == null || theirs.equals("<...>") || mine.equals("<...>")) {
            return List.of(new Piece(mine, false));
        }
        List<String> own = options(mine);
        List<String> other = options(theirs);
        boolean sameSet = own.size() == other.size();
        List<Piece> out = new ArrayList<>();
        out.add(new Piece("<", false));
        for (int i = 0; i < own.size(); i++) {
            if (i > 0) {
                out.add(new Piece(",", false));
            }
            String o = own.get(i);
            boolean found = other.stream().anyMatch(t -> sameOption(o, t));
            sameSet &= found;
            out.add(new Piece(o, !found));
        }
        out.add(new Piece(">", !sameSet && out.stream().noneMatch(Piece::differs)));
        return out;
    }

    private static List<String> options(String text) {
        String inner = text.substring(1, text.endsWith(">") ? text.length() - 1 : text.length());
        List<String> out = new ArrayList<>();
        for (String o : inner.split(",")) {
            if (!o.isBlank()) {
                out.add(o.strip());
            }
        }
        return out;
    }

    /** The stack's TS val is its own clock, which scripts do not check; the echoed value is. */
    private static boolean sameOption(String a, String b) {
        if (a.startsWith("TS ") && b.startsWith("TS ")) {
            return Objects.equals(ecr(a), ecr(b));
        }
        return a.equals(b);
    }

    private static String ecr(String ts) {
        int i = ts.indexOf("ecr ");
        return i < 0 ? "" : ts.substring(i + 4).strip();
    }
}
