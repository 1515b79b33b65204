package dev.jdrill.report.diagram;

import java.util.List;
import java.util.Locale;

/**
 * The index page's filters by verdict and by target, without a line of script (the page must work from a
 * CI artifact opened offline, where scripts are often blocked): each choice is a radio button placed
 * before the table, and a CSS rule per choice hides the rows it leaves out ({@code :checked ~ table}).
 */
final class ReportFilters {

    private ReportFilters() {
    }

    /** A CSS class for a target name, safe in a selector. */
    static String targetClass(String target) {
        return "target-" + target.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    /** The radio buttons and their labels; they must stay siblings that come before the table. */
    static void write(SvgWriter html, long failed, long skipped, long passed, List<String> targets) {
        choice(html, "verdict", "all", "all " + (failed + skipped + passed), true);
        choice(html, "verdict", "fail", "failed " + failed, false);
        choice(html, "verdict", "skip", "skipped " + skipped, false);
        choice(html, "verdict", "pass", "passed " + passed, false);
        if (targets.size() > 1) {
            html.element("span", "", "class", "filter-gap");
            choice(html, "target", "all", "every target", true);
            for (String t : targets) {
                choice(html, "target", targetClass(t), t, false);
            }
        }
    }

    private static void choice(SvgWriter html, String group, String value, String label, boolean checked) {
        String id = group + "-" + value;
        if (checked) {
            html.empty("input", "type", "radio", "name", group, "id", id, "class", "filter", "checked", "checked");
        } else {
            html.empty("input", "type", "radio", "name", group, "id", id, "class", "filter");
        }
        html.element("label", label, "for", id);
    }

    /** The rules that hide rows, one per choice; target names are made selector-safe by {@link #targetClass}. */
    static String css(List<String> targets) {
        StringBuilder css = new StringBuilder("""
                input.filter{position:absolute;opacity:0;width:1px;height:1px}
                input.filter+label{display:inline-block;margin:0 6px 12px 0;padding:3px 10px;border-radius:12px;
                  border:1px solid #ced4da;background:#fff;font-size:13px;cursor:pointer;color:#495057}
                input.filter:checked+label{background:#1971c2;border-color:#1971c2;color:#fff}
                input.filter:focus-visible+label{outline:2px solid #74c0fc}
                .filter-gap{display:inline-block;width:18px}
                #verdict-fail:checked~table tr.run:not(.fail),#verdict-skip:checked~table tr.run:not(.skip),
                #verdict-pass:checked~table tr.run:not(.pass){display:none}
                """);
        for (String t : targets) {
            String c = targetClass(t);
            css.append("#target-").append(c).append(":checked~table tr.run:not(.").append(c).append("){display:none}\n");
        }
        return css.toString();
    }
}
