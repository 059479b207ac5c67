package io.modelhouse.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A bundle's Markdown cannot put a script or a script link on a prospect's page. */
class MarkdownTest {

    @Test
    void rawHtmlIsEscapedAndScriptLinksAreDropped() {
        String html = Markdown.html("## 标题\n\n正文 **加粗**\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
                + "[点我](javascript:alert(1)) [手册](/portal/help/trial-faq)\n\n| 角色 | 场景 |\n|---|---|\n| 调度 | 派单 |\n");
        assertTrue(html.contains("<h2>标题</h2>") && html.contains("<strong>加粗</strong>"), html);
        assertFalse(html.contains("<script>") || html.contains("<img"), html);
        assertTrue(html.contains("&lt;script&gt;"), "shown as text: " + html);
        assertFalse(html.contains("javascript:"), html);
        assertTrue(html.contains("href=\"/portal/help/trial-faq\""), html);
        assertTrue(html.contains("<table>") && html.contains("<td>调度</td>"), "tables: " + html);
    }
}
