package dev.jdrill.report.diagram;

/** The report page's stylesheet: system fonts only, so the page renders offline exactly as it will in CI. */
final class ReportStyle {

    static final String CSS = """
            :root{color-scheme:light}
            body{margin:0;padding:24px 32px;font-family:%s;color:#212529;background:#f8f9fa}
            h1{font-size:22px;margin:0 0 4px}
            .totals{font-size:15px;margin:0 0 18px;font-weight:600}
            .totals.failing{color:#e03131}.totals.passing{color:#2b8a3e}
            table{border-collapse:collapse;width:100%%;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.12)}
            th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#868e96;
               padding:8px 12px;border-bottom:2px solid #dee2e6}
            td{padding:7px 12px;border-bottom:1px solid #e9ecef;vertical-align:top;font-size:14px}
            tr.fail td:first-child{box-shadow:inset 4px 0 #e03131}
            td.script,td.num,pre{font-family:%s}
            td.num{text-align:right;white-space:nowrap;color:#495057}td.script{white-space:nowrap}
            a{color:#1971c2;text-decoration:none}a:hover{text-decoration:underline}
            .pill{display:inline-block;min-width:44px;text-align:center;border-radius:10px;padding:2px 8px;
                  color:#fff;font-weight:700;font-size:12px}
            .pill.pass{background:#2b8a3e}.pill.fail{background:#e03131}.pill.skip{background:#868e96}
            td.diagnostic{width:60%%;max-width:0}
            .diagnostic-body{border-left:3px solid #e03131;background:#fff5f5;padding:6px 10px;border-radius:0 4px 4px 0}
            tr.skip .diagnostic-body{border-left-color:#868e96;background:#f1f3f5}
            .headline{margin:0 0 4px;font-family:%s;font-size:13px;font-weight:600;color:#c92a2a;overflow-wrap:anywhere}
            tr.skip .headline{color:#495057;font-weight:400}
            pre{margin:0;font-size:12px;line-height:1.5;white-space:pre;overflow-x:auto;color:#343a40}
            details{margin-top:6px}summary{cursor:pointer;color:#1971c2;font-size:13px}
            details img{max-width:100%%;border:1px solid #dee2e6;margin-top:6px}
            .hint{color:#868e96;font-size:13px;margin-top:14px}
            """.formatted(DiagramChrome.SANS, DiagramChrome.MONO, DiagramChrome.MONO);

    private ReportStyle() {
    }
}
