package io.modelhouse.lifecycle.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.modelhouse.common.ApiProblem;

class OrgChartCsvTest {

    @Test
    void readsPeopleWithTheirDepartmentPathInAnyColumnOrder() {
        List<OrgChartCsv.Person> people = parse("\uFEFF邮箱,姓名,部门,职位\n"
                + "wanglei@shunda.cn,王磊,销售部/华东区,区域经理\n"
                + "\n"
                + "lina@shunda.cn,\"李娜, Lina\",\" 财务部 \",\n");
        assertEquals(2, people.size());
        assertEquals(List.of("销售部", "华东区"), people.get(0).department());
        assertEquals(2, people.get(0).line());
        assertEquals("李娜, Lina", people.get(1).name());
        assertEquals(List.of("财务部"), people.get(1).department());
        assertEquals("", people.get(1).position());
        assertEquals(4, people.get(1).line());
    }

    private static List<OrgChartCsv.Person> parse(String text) {
        try {
            return OrgChartCsv.parse(text);
        } catch (ApiProblem p) {
            throw new AssertionError(p.errors().toString(), p);
        }
    }

    @Test
    void namesEveryBadLine() {
        ApiProblem p = assertThrows(ApiProblem.class, () -> OrgChartCsv.parse("department,name,position,email\n"
                + "销售部,王磊,经理,wanglei@shunda.cn\n"
                + "销售部,,经理,x@shunda.cn\n"
                + "销售部//华东,赵六,经理,zhao@shunda.cn\n"
                + "财务部,李娜,会计,not-a-mail\n"
                + "财务部,王磊二,会计,WANGLEI@shunda.cn\n"));
        assertEquals(422, p.status());
        assertEquals(List.of(3, 4, 5, 6), p.errors().stream().map(ApiProblem.FieldError::line).toList());
        assertTrue(p.errors().get(3).message().contains("line 2"), p.errors().get(3).message());
        assertTrue(p.errors().stream().allMatch(e -> OrgChartCsv.FILE.equals(e.file())));
    }

    @Test
    void refusesAMissingHeaderAnEmptyFileAndABrokenQuote() {
        ApiProblem header = assertThrows(ApiProblem.class, () -> OrgChartCsv.parse("王磊,销售部\n"));
        assertTrue(header.errors().get(0).message().contains("department"), header.errors().get(0).message());
        assertEquals(1, header.errors().get(0).line());
        assertThrows(ApiProblem.class, () -> OrgChartCsv.parse(""));
        assertThrows(ApiProblem.class, () -> OrgChartCsv.parse("department,name,position,email\n"));
        ApiProblem quote = assertThrows(ApiProblem.class,
                () -> OrgChartCsv.parse("department,name,position,email\n销售部,王磊,经理,a@b.cn\n\"销售部,李娜,经理,b@b.cn\n"));
        assertEquals(1, quote.errors().size(), quote.errors().toString());
    }

    @Test
    void readsUtf8AndTheGb18030ASpreadsheetSavesOnChineseWindows() {
        String text = "部门,姓名,职位,邮箱\n销售部,王磊,经理,wanglei@shunda.cn\n";
        assertEquals(text, OrgChartCsv.decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(text, OrgChartCsv.decode(text.getBytes(java.nio.charset.Charset.forName("GB18030"))));
    }
}
