package dev.jdrill.report;

/**
 * Text made safe for XML 1.0: a script may hold control characters or lone surrogates that no XML
 * parser accepts even escaped, and one such byte must not make a CI server drop the whole report.
 */
final class XmlText {

    private XmlText() {
    }

    static String clean(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean lone = Character.isSurrogate(text.charAt(i)) && Character.charCount(cp) == 1;
            sb.appendCodePoint(allowed(cp) && !lone ? cp : '\uFFFD');
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** The Char production of XML 1.0. */
    private static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
